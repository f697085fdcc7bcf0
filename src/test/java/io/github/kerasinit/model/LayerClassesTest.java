package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.LayerClasses;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.layers.WeightlessLayer;
import io.github.kerasinit.random.PythonRandom;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The enumeration of every {@code keras.layers} class ({@code layer_classes()} in python-parity/export_models.py,
 * written to the main resource {@link LayerClasses#RESOURCE}): every class it found with no weights and no seed
 * draws is accepted, and its 1-layer model (Keras' own {@code to_json()}) loads with no weights.
 */
class LayerClassesTest {
  /** One enumerated class: its row in the resource. */
  record Row(String name, Map<String, Object> row) {
    @Override
    public String toString() {
      return name;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> classes() {
    try (InputStream in = LayerClasses.class.getResourceAsStream(LayerClasses.RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + LayerClasses.RESOURCE
            + "; run python-parity/export_models.py");
      }
      return (List<Map<String, Object>>) ((Map<String, Object>) KerasJson.parse(in, "layer_classes.json"))
          .get("classes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean weightlessSeedless(Map<String, Object> row) {
    return row.get("weights") instanceof Number && ((Number) row.get("weights")).longValue() == 0
        && Boolean.FALSE.equals(row.get("draws_seeds"));
  }

  /** The weightless, seedless classes with a 1-layer model in the enumeration. */
  static List<Row> weightlessModels() {
    List<Row> rows = new ArrayList<>();
    for (Map<String, Object> row : classes()) {
      if (weightlessSeedless(row) && row.containsKey("model")) {
        rows.add(new Row((String) row.get("class"), row));
      }
    }
    return rows;
  }

  /** Every weightless class with a 1-layer model, seed-drawing ones too (Dropout, RandomFlip...). */
  static List<Row> allWeightlessModels() {
    List<Row> rows = new ArrayList<>();
    for (Map<String, Object> row : classes()) {
      if (row.containsKey("model")) {
        rows.add(new Row((String) row.get("class"), row));
      }
    }
    return rows;
  }

  /**
   * A supported weightless class draws from Python's random exactly when the enumeration saw Keras draw: the
   * set_random_seed replay of the weights after it depends on that.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("allWeightlessModels")
  @SuppressWarnings("unchecked")
  void itDrawsSeedsAsKerasDoes(Row row) {
    Map<String, Object> layerDict = null;
    Map<String, Object> model = (Map<String, Object>) row.row().get("model");
    for (Object l : (List<Object>) ((Map<String, Object>) model.get("config")).get("layers")) {
      if (!"InputLayer".equals(((Map<String, Object>) l).get("class_name"))) {
        layerDict = (Map<String, Object>) l;
      }
    }
    PythonRandom random = new PythonRandom(0);
    LayerFactory factory = new LayerFactory(new ModelContext(random, null, false), false);
    if (!factory.supported().contains((String) layerDict.get("class_name")) || row.row().get("draws_seeds") == null) {
      return; // refused by keras-init (AugMix, MixUp...), or Keras cannot deserialize it (RandomShear)
    }
    factory.deserialize(layerDict);
    boolean drew = random.getrandbits(32) != new PythonRandom(0).getrandbits(32);
    assertEquals(row.row().get("draws_seeds"), drew, row.name());
  }

  /** One config of a seed-drawing weightless class and how many times Keras drew from Python's random for it. */
  record DrawCase(String name, Map<String, Object> config, long draws) {
    @Override
    public String toString() {
      return name;
    }
  }

  @SuppressWarnings("unchecked")
  static List<DrawCase> seedDrawCases() {
    List<DrawCase> cases = new ArrayList<>();
    try (InputStream in = LayerClasses.class.getResourceAsStream(LayerClasses.RESOURCE)) {
      Map<String, Object> table = (Map<String, Object>) KerasJson.parse(in, "layer_classes.json");
      for (Object o : (List<Object>) table.get("seed_draws")) {
        Map<String, Object> c = (Map<String, Object>) o;
        cases.add(new DrawCase(c.get("class") + " (" + c.get("variant") + ")", (Map<String, Object>) c.get("config"),
            ((Number) c.get("draws")).longValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  /**
   * Every weightless class that holds a SeedGenerator, as saved, with seed None, with an int seed, and with the
   * options that decide its SeedGenerators (a rate of 0, AugMix's all_ops, RandomColorJitter's factors): keras-init
   * draws exactly as many seeds as Keras' live count, so every unseeded initializer after it gets Keras' seed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("seedDrawCases")
  void itDrawsAsManySeedsAsKeras(DrawCase c) {
    PythonRandom random = new PythonRandom(0);
    new LayerFactory(new ModelContext(random, null, false), false).deserialize(c.config());
    PythonRandom keras = new PythonRandom(0);
    for (long i = 0; i < c.draws(); i++) {
      keras.makeDefaultSeed();
    }
    assertEquals(keras.getrandbits(32), random.getrandbits(32), c.name() + ": Keras drew " + c.draws() + " seeds");
  }

  @Test
  void everySeedDrawingWeightlessClassHasDrawCases() {
    Set<String> covered = new TreeSet<>();
    seedDrawCases().forEach(c -> covered.add(c.name().substring(0, c.name().indexOf(' '))));
    Set<String> drawing = new TreeSet<>();
    for (Map<String, Object> row : classes()) {
      if (Boolean.TRUE.equals(row.get("draws_seeds")) && Long.valueOf(0).equals(
          row.get("weights") instanceof Number ? ((Number) row.get("weights")).longValue() : null)) {
        drawing.add((String) row.get("class"));
      }
    }
    drawing.removeAll(covered);
    assertEquals(Set.of(), drawing, "seed-drawing weightless classes without a live draw count");
  }

  @Test
  void theEnumerationCoversKerasLayers() {
    List<Map<String, Object>> rows = classes();
    assertTrue(rows.size() > 150, "keras.layers has 163 public classes in Keras 3.15.1; the resource has "
        + rows.size());
    Set<String> free = new TreeSet<>();
    for (Map<String, Object> row : rows) {
      if (weightlessSeedless(row)) {
        free.add((String) row.get("class"));
      }
    }
    assertEquals(free, WeightlessLayer.classes());
    // the classes the issue named, and none that has weights or draws seeds
    for (String name : List.of("Attention", "Discretization", "CategoryEncoding", "Hashing", "HashedCrossing",
        "IntegerLookup", "StringLookup", "TextVectorization", "Lambda")) {
      assertTrue(free.contains(name), name);
    }
    for (String name : List.of("Dense", "Dropout", "AdditiveAttention", "RandomFlip", "Normalization")) {
      assertFalse(free.contains(name), name);
    }
  }

  @Test
  void everyWeightlessSeedlessClassIsAccepted() {
    LayerFactory factory = new LayerFactory(new ModelContext(new PythonRandom(0), null, false), false);
    List<String> missing = new ArrayList<>(WeightlessLayer.classes());
    missing.removeAll(factory.supported());
    assertEquals(List.of(), missing, "weightless, seedless classes keras-init refuses");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("weightlessModels")
  @SuppressWarnings("unchecked")
  void itsOneLayerModelLoadsWithNoWeights(Row row) {
    var model = KerasModel.fromConfig((Map<String, Object>) row.row().get("model"), KerasModel.options());
    assertEquals(List.of(), model.weights(), row.name());
  }

  /** Where keras-init has a shape rule for the class (not null), it gives Keras' output shapes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("weightlessModels")
  @SuppressWarnings("unchecked")
  void itsShapeRuleIsKeras(Row row) {
    Map<String, Object> model = (Map<String, Object>) row.row().get("model");
    Map<String, Object> layerDict = null;
    for (Object l : (List<Object>) ((Map<String, Object>) model.get("config")).get("layers")) {
      if (!"InputLayer".equals(((Map<String, Object>) l).get("class_name"))) {
        layerDict = (Map<String, Object>) l;
      }
    }
    List<long[]> inputs = new ArrayList<>();
    for (Object shape : (List<Object>) row.row().get("input_shapes")) {
      inputs.add(batched((List<Object>) shape));
    }
    LayerFactory factory = new LayerFactory(new ModelContext(new PythonRandom(0), null, false), false);
    List<long[]> ours = factory.deserialize(layerDict).call(inputs, "");
    if (ours == null) {
      return; // no rule: keras-init takes the shape the file records
    }
    List<String> keras = new ArrayList<>();
    for (Object shape : (List<Object>) row.row().get("output_shapes")) {
      keras.add(Arrays.toString(shape((List<Object>) shape)));
    }
    assertEquals(keras, ours.stream().map(Arrays::toString).toList(), row.name());
  }

  private static long[] batched(List<Object> dims) {
    List<Object> all = new ArrayList<>();
    all.add(null);
    all.addAll(dims);
    return shape(all);
  }

  private static long[] shape(List<Object> dims) {
    return dims.stream().mapToLong(d -> d == null ? -1 : ((Number) d).longValue()).toArray();
  }

  /** A Dense inside a Pipeline inside a Pipeline has weights keras-init would not make: refused, naming it. */
  @Test
  @SuppressWarnings("unchecked")
  void aNestedPipelineWithWeightsIsRefused() {
    Map<String, Object> dict = (Map<String, Object>) (Map<?, ?>) KerasJson.parse("{\"class_name\": \"Pipeline\","
        + " \"config\": {\"name\": \"outer\", \"layers\": [{\"class_name\": \"Pipeline\", \"config\":"
        + " {\"name\": \"inner\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}}]}}",
        "pipeline");
    KerasInitException e = assertThrows(KerasInitException.class, () -> new LayerFactory(
        new ModelContext(new PythonRandom(0), null, false), false).deserialize(dict));
    assertTrue(e.getMessage().contains("\"outer\"") && e.getMessage().contains("Dense"), e.getMessage());
  }

  /**
   * A Pipeline of the enumeration's seed-drawing weightless classes (RandomFlip, Dropout) is accepted, and one with
   * a class the enumeration gives weights (Dense) is not: both sets read from the resource.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aPipelineTakesTheEnumerationsWeightlessClasses() {
    String layers = "[{\"class_name\": \"RandomFlip\", \"config\": {\"name\": \"flip\", \"seed\": 1}},"
        + " {\"class_name\": \"Dropout\", \"config\": {\"name\": \"drop\", \"rate\": 0.5, \"seed\": 2}},"
        + " {\"class_name\": \"Flatten\", \"config\": {\"name\": \"flat\"}}]";
    Map<String, Object> dict = (Map<String, Object>) (Map<?, ?>) KerasJson.parse("{\"class_name\": \"Pipeline\","
        + " \"config\": {\"name\": \"augment\", \"layers\": " + layers + "}}", "pipeline");
    new LayerFactory(new ModelContext(new PythonRandom(0), null, false), false).deserialize(dict);
    Map<String, Object> withDense = (Map<String, Object>) (Map<?, ?>) KerasJson.parse("{\"class_name\":"
        + " \"Pipeline\", \"config\": {\"name\": \"augment\", \"layers\": [{\"class_name\": \"Dense\","
        + " \"config\": {\"units\": 2}}]}}", "pipeline");
    KerasInitException e = assertThrows(KerasInitException.class, () -> new LayerFactory(
        new ModelContext(new PythonRandom(0), null, false), false).deserialize(withDense));
    assertTrue(e.getMessage().contains("Dense"), e.getMessage());
  }

  /** Keras 3.15.1's Dense(2, lora_rank=2) has kernel, bias, lora_kernel_a, lora_kernel_b: refused, not cut short. */
  @Test
  @SuppressWarnings("unchecked")
  void aLoraRankIsRefusedByName() {
    Map<String, Object> dict = (Map<String, Object>) (Map<?, ?>) KerasJson.parse("{\"class_name\": \"Dense\","
        + " \"config\": {\"name\": \"dense\", \"units\": 2, \"lora_rank\": 2}}", "dense");
    KerasInitException e = assertThrows(KerasInitException.class, () -> new LayerFactory(
        new ModelContext(new PythonRandom(0), null, false), false).deserialize(dict));
    assertTrue(e.getMessage().contains("\"dense\"") && e.getMessage().contains("lora_rank"), e.getMessage());
  }

  @Test
  void attentionWithAScaleIsNotTakenForWeightless() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", "attention");
    config.put("use_scale", true);
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("class_name", "Attention");
    dict.put("config", config);
    KerasInitException e = assertThrows(KerasInitException.class, () -> new WeightlessLayer(new LayerConfig(dict),
        new ModelContext(new PythonRandom(0), null, false)));
    assertTrue(e.getMessage().contains("attention") && e.getMessage().contains("use_scale"), e.getMessage());
  }

  /** A weightless layer whose output shape a consumer needs, neither recorded nor ruled: an error naming it. */
  @Test
  @SuppressWarnings("unchecked")
  void anUnrecordedShapeWithoutARuleIsAnErrorNamingTheLayer() {
    Map<String, Object> model = (Map<String, Object>) KerasJson.parse(KerasJson.write(weightlessModels().stream()
        .filter(r -> r.name().equals("Lambda")).findFirst().orElseThrow().row().get("model")), "model");
    Map<String, Object> config = (Map<String, Object>) model.get("config");
    List<Object> layers = (List<Object>) config.get("layers");
    Map<String, Object> dense = (Map<String, Object>) KerasJson.parse("{\"module\": \"keras.layers\", \"class_name\":"
        + " \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2}, \"name\": \"dense\", \"inbound_nodes\":"
        + " [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"lambda\", 0, 0]}}],"
        + " \"kwargs\": {}}]}", "dense");
    layers.add(dense);
    config.put("output_layers", List.of("dense", 0, 0));
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> KerasModel.fromConfig(model, KerasModel.options()));
    assertTrue(e.getMessage().contains("\"lambda\" (Lambda)"), e.getMessage());
  }
}
