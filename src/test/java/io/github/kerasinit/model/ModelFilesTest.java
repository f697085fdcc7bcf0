package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.WeightSpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files: .json, .keras and legacy .h5 give the same model; broken files fail with a clear error. */
class ModelFilesTest {
  @TempDir
  Path dir;

  private static List<String> describe(KerasModel m) {
    return m.weights().stream().map(WeightSpec::toString).toList();
  }

  @Test
  void kerasArchiveAndLegacyH5ReadAsTheJsonDoes() {
    KerasModel json = KerasModel.load(Path.of("models/mlp.json"), KerasModel.options().seed(1));
    KerasModel archive = KerasModel.load(Path.of("models/mlp.keras"), KerasModel.options().seed(1));
    KerasModel h5 = KerasModel.load(Path.of("models/mlp_legacy.h5"), KerasModel.options().seed(1));
    assertEquals(describe(json), describe(archive));
    // The legacy .h5 config has no build_config, so Keras 3 builds the layers inside the Sequential's scope:
    // keras.models.load_model("mlp_legacy.h5").weights[0].path == "mlp/dense/kernel".
    assertEquals(describe(json).stream().map(w -> "mlp/" + w).toList(), describe(h5));
    assertEquals(235146, h5.parameterCount());
  }

  @Test
  void notAZipNoConfigTraversalAndBombsAreRefused() throws Exception {
    Path fake = dir.resolve("fake.keras");
    Files.writeString(fake, "hello");
    assertMessage(() -> KerasModel.load(fake), "not a .keras archive");

    Path noConfig = zip("noconfig.keras", Map.of("metadata.json", "{}".getBytes()));
    assertMessage(() -> KerasModel.load(noConfig), "without config.json");

    Path traversal = zip("evil.keras", Map.of("../../etc/passwd", "x".getBytes(), "config.json", "{}".getBytes()));
    assertMessage(() -> KerasModel.load(traversal), "unsafe entry name");

    byte[] zeros = new byte[ModelFiles.MAX_CONFIG_BYTES + 1024];
    Path bomb = zip("bomb.keras", Map.of("config.json", zeros));
    assertTrue(Files.size(bomb) < 1 << 20, "the archive itself is small");
    assertMessage(() -> KerasModel.load(bomb), "zip bomb");
  }

  /** Python's zipfile raises "Bad CRC-32"; ZipFile checks no stored entry's CRC: a damaged `units` would be built. */
  @Test
  void aDamagedConfigJsonIsRefusedByItsCrc() throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("models/mlp.keras"));
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"units\": 256");
    assertTrue(at > 0, "mlp.keras stores its config.json uncompressed");
    bytes[at + 9] = '9'; // "units": 956: still valid JSON
    Path damaged = Files.write(dir.resolve("damaged.keras"), bytes);
    assertMessage(() -> KerasModel.load(damaged), damaged + " is damaged: entry config.json has CRC-32 ");
  }

  @Test
  void anH5ModelConfigThatIsNoStringIsDescribedInKerasTerms() throws Exception {
    io.github.kerasinit.io.Hdf5Writer h5 = new io.github.kerasinit.io.Hdf5Writer();
    h5.root().attribute("model_config", java.util.List.of("{}", "{}"));
    Path file = dir.resolve("two.h5");
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      h5.start(out, java.util.List.of()).finish();
    }
    assertMessage(() -> KerasModel.load(file), file + ": model_config is an array of 2 strings, not the string of JSON");
  }

  /**
   * A config whose shapes contradict each other (edited by hand): Keras 3.15.1's model_from_json raises "Input 0 of
   * layer "dense_1" is incompatible with the layer: expected axis -1 of input shape to have value 256, but received
   * input with shape (None, 999)"; the weights were made with one of the two shapes.
   */
  @Test
  void shapesThatContradictTheBuildConfigAreRefusedAsKerasRefusesThem() throws Exception {
    String mlp = Files.readString(Path.of("models/mlp.json"));
    String[][] cases = {
        {mlp.replaceFirst("\"units\": 256", "\"units\": 999"), "Input 0 of layer \"dense_1\" (Dense) is incompatible"
            + " with the layer: expected axis -1 of input shape to have value 256, but received input with shape"
            + " (None, 999)"},
        {mlp.replaceFirst("784", "500"), "layer \"dense\" (Dense) is incompatible with the layer: expected axis"
            + " -1 of input shape to have value 784, but received input with shape (None, 500)"},
        {Files.readString(Path.of("models/cnn_bn.json")).replaceFirst("\"filters\": 32", "\"filters\": 31"),
            "layer \"batch_normalization\" (BatchNormalization) is incompatible with the layer: expected axis -1 of"
            + " input shape to have value 32, but received input with shape (None, 32, 32, 31)"}};
    for (String[] c : cases) {
      assertTrue(!c[0].equals(mlp), "the fixture edited the config");
      Path file = Files.writeString(dir.resolve("contradicts.json"), c[0]);
      assertMessage(() -> KerasModel.load(file), c[1]);
    }
  }

  @Test
  void truncatedH5AndWeightsOnlyH5AreRefused() throws Exception {
    byte[] h5 = Files.readAllBytes(Path.of("models/mlp_legacy.h5"));
    Path truncated = dir.resolve("truncated.h5");
    Files.write(truncated, java.util.Arrays.copyOf(h5, 600));
    assertMessage(() -> KerasModel.load(truncated), "HDF5");
    Path missing = dir.resolve("missing.json");
    assertMessage(() -> KerasModel.load(missing), "does not exist");
  }

  @Test
  void configsThatAreNotModelsOrReferenceMissingLayersOrCycle() throws Exception {
    assertMessage(() -> load("{\"class_name\": \"Dense\", \"config\": {}}"), "not a Keras model config");
    String missingInput = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
        + input("in") + ", {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2}, \"name\": \"d\","
        + " \"inbound_nodes\": [[[\"nowhere\", 0, 0, {}]]]}], \"input_layers\": [[\"in\", 0, 0]],"
        + " \"output_layers\": [[\"d\", 0, 0]]}}";
    assertMessage(() -> load(missingInput), "\"nowhere\", which is not in the model");
    String cycle = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": [" + input("in")
        + ", {\"class_name\": \"Dense\", \"config\": {\"name\": \"a\", \"units\": 2}, \"name\": \"a\","
        + " \"inbound_nodes\": [[[\"b\", 0, 0, {}]]]},"
        + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"b\", \"units\": 2}, \"name\": \"b\","
        + " \"inbound_nodes\": [[[\"a\", 0, 0, {}]]]}],"
        + " \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"b\", 0, 0]]}}";
    assertMessage(() -> load(cycle), "never become available");
  }

  @Test
  void weightsThatTogetherExceedPhysicalMemoryAreRefusedBeforeAllocating() throws Exception {
    long physical = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    long units = physical * 6 / 10 / 4; // kernel [1, units] and bias [units]: each fits, the two do not
    KerasModel model = load("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": " + units
        + ", \"batch_input_shape\": [null, 1]}}]}}");
    assertMessage(model::materialize, "reached at s/d/bias");
  }

  @Test
  void unsupportedLayersNameThemselvesOrAreSkippedWithAWarning() throws Exception {
    String lambda = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"batch_input_shape\": [null, 4]}},"
        + "{\"class_name\": \"MyCustomLayer\", \"config\": {\"name\": \"mine\"}}]}}";
    KerasInitException e = assertThrows(KerasInitException.class, () -> load(lambda));
    assertTrue(e.getMessage().contains("\"mine\" (MyCustomLayer) is not supported")
        && e.getMessage().contains("supported: ") && e.getMessage().contains("Dense"), e.getMessage());
    Path file = dir.resolve("m.json");
    Files.writeString(file, lambda);
    // the skipped layer is last, so no shape is needed after it
    KerasModel skipped = KerasModel.load(file, KerasModel.options().skipUnsupported(true));
    assertEquals(2, skipped.weights().size());
    assertTrue(skipped.warnings().get(0).contains("MyCustomLayer")
        && skipped.warnings().get(0).contains("can differ from Python's under set_random_seed"),
        skipped.warnings().get(0));
  }

  @Test
  void dtypeOverrideAndMixedPrecisionPolicies() throws Exception {
    KerasModel half = KerasModel.load(Path.of("models/mlp.json"), KerasModel.options().dtype(DType.BFLOAT16));
    assertTrue(half.weights().stream().allMatch(w -> w.dtype() == DType.BFLOAT16));
    String mixed = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"batch_input_shape\": [null, 4],"
        + " \"dtype\": {\"class_name\": \"Policy\", \"config\": {\"name\": \"mixed_float16\"}}}}]}}";
    assertEquals(DType.FLOAT32, load(mixed).weights().get(0).dtype());
  }

  private KerasModel load(String json) throws Exception {
    Path file = dir.resolve("model-" + System.nanoTime() + ".json");
    Files.writeString(file, json);
    return KerasModel.load(file);
  }

  private static String input(String name) {
    return "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"" + name + "\", \"batch_input_shape\": [null, 4]},"
        + " \"name\": \"" + name + "\", \"inbound_nodes\": []}";
  }

  private Path zip(String name, Map<String, byte[]> entries) throws Exception {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return file;
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
    KerasInitException e = assertThrows(KerasInitException.class, call);
    assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
  }
}
