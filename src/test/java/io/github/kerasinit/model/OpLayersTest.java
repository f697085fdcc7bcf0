package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.model.layers.OpLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras 3 op nodes (module {@code keras.src.ops.*}) in models/ops_zoo.json and the ten op models of
 * python-parity/op_models.py, which python-parity/export_models.py wrote with real Keras: every op is read as an op
 * (never as the layer of the same class name), and where the shapes Keras recorded and the build_configs are taken
 * away, the ops' shape rules give the weights Keras' shapes and values; an op with neither is an error naming it.
 * (ModelParityTest and SetRandomSeedParityTest check the same models as Keras wrote them.)
 */
class OpLayersTest {
  @Test
  void opNodesAreOpsNotTheirNamesakeLayers() throws IOException {
    KerasModel model = KerasModel.fromConfig(opsZoo(), KerasModel.options());
    List<String> ops = new ArrayList<>();
    for (Layer layer : model.layers()) {
      if (layer instanceof OpLayer) {
        ops.add(layer.className());
      }
    }
    assertTrue(ops.containsAll(List.of("Reshape", "Concatenate", "NotEqual", "Cast", "Mean", "Sum", "GetItem",
        "Transpose", "ExpandDims", "Squeeze", "Tile", "Repeat", "Pad", "Stack", "Matmul", "Einsum", "Softmax",
        "Resize", "Add", "Multiply", "Maximum")), ops.toString());
    for (String both : List.of("Reshape", "Concatenate")) { // an op and a layer of the same class name
      assertEquals(1, model.layers().stream().filter(l -> l.className().equals(both) && l instanceof OpLayer).count(),
          both + " op");
      assertEquals(1, model.layers().stream().filter(l -> l.className().equals(both) && !(l instanceof OpLayer))
          .count(), both + " layer");
    }
  }

  /** Without the recorded shapes, the rules give every kernel Keras' shape. */
  @Test
  void shapeRulesGiveKerasShapesWhereNothingIsRecorded() throws IOException {
    Map<String, Object> stripped = opsZoo();
    int removed = stripRecordedShapes(stripped, producer -> true);
    assertTrue(removed > 20, "recorded shapes removed: " + removed);
    List<WeightSpec> ours = KerasModel.fromConfig(stripped, KerasModel.options()).weights();
    List<Map<String, Object>> golden = ModelGoldens.weights("ops_zoo.weights.json");
    assertEquals(golden.size(), ours.size());
    for (int i = 0; i < ours.size(); i++) {
      long[] shape = ((List<?>) golden.get(i).get("shape")).stream().mapToLong(d -> ((Number) d).longValue())
          .toArray();
      assertArrayEquals(shape, ours.get(i).shape(), ours.get(i).path() + ": " + Arrays.toString(ours.get(i).shape()));
    }
  }

  /** An op keras-init has no rule for (here GetItem renamed Take, whose shape depends on its indices), unrecorded. */
  @Test
  void anOpWithoutRuleOrRecordedShapeIsAnErrorNamingIt() throws IOException {
    Map<String, Object> stripped = opsZoo();
    stripRecordedShapes(stripped, producer -> true);
    renameOp(stripped, "get_item", "Take");
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> KerasModel.fromConfig(stripped, KerasModel.options()));
    assertTrue(e.getMessage().contains("op \"get_item\" (keras.src.ops.numpy.Take)")
        && e.getMessage().contains("no shape rule"), e.getMessage());
  }

  static Stream<String> opModels() {
    return ModelGoldens.MODELS.stream().filter(n -> n.startsWith("ops_") && !n.endsWith("_unbuilt"));
  }

  /**
   * Each op model (python-parity/op_models.py) without any build_config and without the tensor shapes Keras recorded:
   * every layer after an op is built on the shape the op rules give, and the weights are Keras' weights, list and
   * bytes (the seeded goldens). With the shapes recorded, ModelParityTest reads the same models.
   */
  @ParameterizedTest
  @MethodSource("opModels")
  void theShapeRulesAloneGiveKerasWeights(String name) throws Exception {
    Map<String, Object> config = ModelGoldens.json(name + ".seeded.json");
    int builds = stripBuildConfigs(config);
    int shapes = stripRecordedShapes(config, producer -> true);
    assertTrue(builds > 0 && shapes > 0, name + ": build_configs " + builds + ", recorded shapes " + shapes);
    KerasModel model = KerasModel.fromConfig(config, KerasModel.options().seed(ModelGoldens.SEEDED_PYTHON_SEED));
    List<Map<String, Object>> golden = ModelGoldens.weights(name + ".weights.json");
    ModelParityTest.assertWeightList(golden, model.weights());
    assertEquals(List.of(), ModelParityTest.compareValues(model, golden).failures(), name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> opsZoo() throws IOException {
    return (Map<String, Object>) KerasJson.parse(Files.readString(Path.of("models", "ops_zoo.json")), "ops_zoo.json");
  }

  /** Removes every layer's build_config; returns how many. */
  private static int stripBuildConfigs(Object node) {
    int removed = 0;
    if (node instanceof Map<?, ?> map) {
      removed += map.remove("build_config") != null ? 1 : 0;
      for (Object v : map.values()) {
        removed += stripBuildConfigs(v);
      }
    } else if (node instanceof List<?> list) {
      for (Object v : list) {
        removed += stripBuildConfigs(v);
      }
    }
    return removed;
  }

  @SuppressWarnings("unchecked")
  private static void renameOp(Map<String, Object> model, String layerName, String opClass) {
    for (Object l : (List<?>) ((Map<String, Object>) model.get("config")).get("layers")) {
      Map<String, Object> layer = (Map<String, Object>) l;
      if (layerName.equals(layer.get("name"))) {
        layer.put("class_name", opClass);
        return;
      }
    }
    throw new AssertionError("no layer " + layerName);
  }

  /** Removes the "shape" of every recorded __keras_tensor__ whose producer matches; returns how many. */
  private static int stripRecordedShapes(Object node, Predicate<String> producer) {
    int removed = 0;
    if (node instanceof Map<?, ?> map) {
      if ("__keras_tensor__".equals(map.get("class_name")) && map.get("config") instanceof Map<?, ?> cfg
          && cfg.get("keras_history") instanceof List<?> history && producer.test((String) history.get(0))
          && cfg.containsKey("shape")) {
        ((Map<String, Object>) cfg).remove("shape");
        return 1;
      }
      for (Object v : map.values()) {
        removed += stripRecordedShapes(v, producer);
      }
    } else if (node instanceof List<?> list) {
      for (Object v : list) {
        removed += stripRecordedShapes(v, producer);
      }
    }
    return removed;
  }
}
