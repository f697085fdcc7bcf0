package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.WeightsFileWriter;
import io.github.kerasinit.model.core.WeightSpec;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * {@code --out X.keras}: the model's config and its weights as Keras' {@code model.save} lays them out, so that
 * {@code keras.models.load_model} gives the model with exactly these initial weights (checked live by
 * {@code interactions_check.py} for 58 models). Here: the archive's entries, in Keras' order; its weights file is
 * byte for byte the {@code .weights.h5} keras-init writes (itself checked against Keras' layout by
 * WeightsFileWriteTest); its config is the model's; and models it could not give back are refused.
 */
class KerasArchiveTest {
  @TempDir
  Path tmp;

  /** Each weight filled with its index + 1 (the bytes the layout tests use), through {@code format}'s writer. */
  private static byte[] write(KerasModel model, WeightsFileFormat format, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file); WeightsFileWriter writer = format.open(model, out)) {
      List<WeightSpec> weights = model.weights();
      for (int i = 0; i < weights.size(); i++) {
        WeightSpec w = weights.get(i);
        writer.add(WeightsFileFormat.entries(List.of(w)).get(0),
            DataBuffers.of(WeightsFileWriteTest.filled(w, i + 1), true, false));
      }
    }
    return Files.readAllBytes(file);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"models/mlp.json", "models/nested_shared.json", "models/ops_attention.keras",
      "models/spectral_gqa.json"})
  void anArchiveHoldsTheConfigAndTheKeras3WeightsFile(String source) throws Exception {
    KerasModel model = KerasModel.load(Path.of(source));
    byte[] weightsFile = write(model, WeightsFileFormat.KERAS3, tmp.resolve("m.weights.h5"));
    Path archive = tmp.resolve("m.keras");
    write(model, WeightsFileFormat.KERAS_ARCHIVE, archive);
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e : Collections.list(zip.entries())) {
        names.add(e.getName());
      }
      assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"), names);
      assertArrayEquals(weightsFile, zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes());
      Map<?, ?> metadata = (Map<?, ?>) KerasJson.parse(zip.getInputStream(zip.getEntry("metadata.json"))
          .readAllBytes(), "metadata.json");
      assertEquals("3.15.1", metadata.get("keras_version"));
      assertTrue(String.valueOf(metadata.get("date_saved")).matches("\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d"),
          String.valueOf(metadata));
      assertEquals(ModelFiles.read(Path.of(source)), KerasJson.parse(zip.getInputStream(zip.getEntry("config.json"))
          .readAllBytes(), "config.json"));
    }
    assertEquals(model.weights().toString(), KerasModel.load(archive).weights().toString());
  }

  @Test
  void aModelTheArchiveWouldNotGiveBackIsRefused() throws Exception {
    Path out = Path.of("x.keras");
    KerasModel keras2 = KerasModel.load(Path.of("models/mlp_legacy.h5"));
    assertRefused(() -> WeightsFileFormat.KERAS_ARCHIVE.files(keras2, out, 0), "Keras 2's form");
    KerasModel otherDtype = KerasModel.load(Path.of("models/mlp.json"), KerasModel.options().dtype(DType.FLOAT64));
    assertRefused(() -> WeightsFileFormat.KERAS_ARCHIVE.files(otherDtype, out, 0), "--dtype");
    Path custom = tmp.resolve("custom.json");
    Files.writeString(custom, "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\","
        + " \"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\","
        + " \"batch_shape\": [null, 4]}}, {\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\":"
        + " {\"name\": \"d\", \"units\": 3}}, {\"module\": \"mine\", \"class_name\": \"MyCustomLayer\", \"config\":"
        + " {\"name\": \"mine\"}}]}}", StandardCharsets.UTF_8);
    KerasModel skipped = KerasModel.load(custom, KerasModel.options().skipUnsupported(true));
    assertRefused(() -> WeightsFileFormat.KERAS_ARCHIVE.files(skipped, out, 0), "1 of its layers were skipped");
    // without a skipped layer, the same options write an archive
    WeightsFileFormat.KERAS_ARCHIVE.files(KerasModel.load(Path.of("models/mlp.json"),
        KerasModel.options().skipUnsupported(true)), out, 0);
  }

  /**
   * Keras reads ".keras" as a model archive and ".weights.json" as the index of sharded weights; another ".json" name
   * would hold no JSON, so it is refused.
   */
  @Test
  void theNameChoosesTheArchiveAndAJsonNameIsRefused() {
    assertEquals(WeightsFileFormat.KERAS_ARCHIVE, WeightsFileFormat.byName(Path.of("dir/m.keras")));
    assertEquals(".keras", WeightsFileFormat.fromOption("keras").suffix());
    assertEquals(WeightsFileFormat.KERAS3, WeightsFileFormat.byName(Path.of("m.weights.json"))); // Keras' shards
    for (String name : List.of("m.json", "m.WEIGHTS.json", "m.JSON")) {
      assertRefused(() -> WeightsFileFormat.byName(Path.of(name)), "would not hold JSON");
    }
    assertRefused(() -> WeightsFileFormat.of(Path.of("m.npz"), "keras"), "does not suit --out m.npz");
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable call, String expected) {
    KerasInitException e = assertThrows(KerasInitException.class, call);
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
