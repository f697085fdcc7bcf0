package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A layer's int or bool dtype policy gives weights of that dtype, as Keras 3.15.1 does; the values below are Keras'
 * (keras.Sequential([Input((3,)), Dense(..., dtype=...)]) and its weights' numpy()).
 */
class LayerDtypeTest {
  private static KerasModel model(String layerDtype, String layer) {
    String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], \"name\": \"in\"}},"
        + "{\"class_name\": \"" + layer + "\", \"config\": {\"name\": \"l\", \"dtype\": " + layerDtype + "}}]}}";
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) KerasJson.parse(json, "model");
    return KerasModel.fromConfig(config, KerasModel.options().seed(1));
  }

  /** A Dense config's entries after its dtype (a JSON value). */
  private static String dense(String dtype, String kernelInitializer, int units) {
    return dtype + ", \"units\": " + units + ", \"kernel_initializer\": " + kernelInitializer;
  }

  private static double[] values(KerasModel m, int i) {
    try (MaterializedWeights w = m.materialize()) {
      WeightSpec spec = m.weights().get(i);
      return TensorBytes.toDoubles(spec.dtype(), TensorBytes.of(w.get(spec.path())));
    }
  }

  @Test
  void anInt32DenseHasInt32WeightsWithKerasValues() {
    KerasModel m = model(dense("\"int32\"", "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": -10,"
        + " \"maxval\": 10, \"seed\": 1}}", 2), "Dense");
    assertEquals(List.of(DType.INT32, DType.INT32), m.weights().stream().map(WeightSpec::dtype).toList());
    assertArrayEquals(new double[] {-1, 4, -10, 6, 1, -6}, values(m, 0));
    assertArrayEquals(new double[] {0, 0}, values(m, 1));
  }

  @Test
  void aDtypePolicyObjectAndInt64AndBatchNormalizationToo() {
    KerasModel m = model(dense("{\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"int64\"}}",
        "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 3}}", 1) + ", \"bias_initializer\":"
        + " \"ones\"", "Dense");
    assertEquals(DType.INT64, m.weights().get(0).dtype());
    assertArrayEquals(new double[] {-1, -1, 0}, values(m, 0));
    assertArrayEquals(new double[] {1}, values(m, 1));
    KerasModel bn = model("\"int32\"", "BatchNormalization");
    assertTrue(bn.weights().stream().allMatch(w -> w.dtype() == DType.INT32));
    assertArrayEquals(new double[] {1, 1, 1}, values(bn, 3));
  }

  @Test
  void initializersKerasRefusesForTheDtypeAreRefused() {
    KerasInitException normal = assertThrows(KerasInitException.class, () -> values(model(dense("\"int32\"",
        "{\"class_name\": \"GlorotNormal\", \"config\": {\"seed\": 1}}", 2), "Dense"), 0));
    assertTrue(normal.getMessage().contains("int32"), normal.getMessage());
    KerasInitException uint8 = assertThrows(KerasInitException.class, () -> values(model(dense("\"uint8\"",
        "{\"class_name\": \"RandomUniform\", \"config\": {\"seed\": 1}}", 2), "Dense"), 0));
    assertTrue(uint8.getMessage().contains("uint8"), uint8.getMessage());
  }

  @Test
  void theDtypeOverrideChangesFloatWeightsOnly() {
    String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], \"name\": \"in\"}},"
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"f\", \"units\": 2}},"
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"i\", \"units\": 2, \"dtype\": \"int32\","
        + " \"kernel_initializer\": \"zeros\"}}]}}";
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) KerasJson.parse(json, "model");
    KerasModel m = KerasModel.fromConfig(config, KerasModel.options().dtype(DType.FLOAT16));
    assertEquals(List.of(DType.FLOAT16, DType.FLOAT16, DType.INT32, DType.INT32),
        m.weights().stream().map(WeightSpec::dtype).toList());
  }
}
