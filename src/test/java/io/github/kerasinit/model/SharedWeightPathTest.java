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
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.op.Ops;

/**
 * Two nested Functional models that both have a layer "dense": Keras 3.15.1 gives both kernels the path
 * "dense/kernel" (model.weights), and its path-keyed get_state_tree() refuses the model. Each weight keeps its own
 * value here; only lookups and maps by path are refused.
 */
class SharedWeightPathTest {
  /** model.weights[0] and [2] from Keras 3.15.1 (model_from_json of this file). */
  private static final double[] KERAS_A = {0.0378488190472126, -0.004001975059509277, 0.010029125958681107,
      -0.010740231722593307, -0.024680674076080322, -0.005570076406002045};
  private static final double[] KERAS_B = {0.030097905546426773, 0.020471680909395218, 0.019717823714017868,
      0.02146083489060402, -0.009084723889827728, 0.016719285398721695};

  @SuppressWarnings("unchecked")
  static KerasModel model() throws Exception {
    try (InputStream in = SharedWeightPathTest.class.getClassLoader()
        .getResourceAsStream("models/nested_same_layer_names.json")) {
      return KerasModel.fromConfig((Map<String, Object>) KerasJson.parse(in, "nested_same_layer_names.json"),
          KerasModel.options());
    }
  }

  @Test
  void eachWeightKeepsItsOwnValue() throws Exception {
    KerasModel m = model();
    assertEquals(List.of("dense/kernel", "dense/bias", "dense/kernel", "dense/bias"),
        m.weights().stream().map(WeightSpec::path).toList());
    try (MaterializedWeights w = m.materialize()) {
      assertArrayEquals(KERAS_A, TensorBytes.toDoubles(DType.FLOAT32, TensorBytes.of(w.get(m.weights().get(0)))));
      assertArrayEquals(KERAS_B, TensorBytes.toDoubles(DType.FLOAT32, TensorBytes.of(w.get(m.weights().get(2)))));
    }
  }

  @Test
  void lookupsAndMapsByAPathTwoWeightsShareAreRefused() throws Exception {
    KerasModel m = model();
    try (MaterializedWeights w = m.materialize()) {
      KerasInitException get = assertThrows(KerasInitException.class, () -> w.get("dense/kernel"));
      assertTrue(get.getMessage().contains("2 weights have the path \"dense/kernel\""), get.getMessage());
      KerasInitException map = assertThrows(KerasInitException.class, w::asMap);
      assertTrue(map.getMessage().contains("get_state_tree()"), map.getMessage());
    }
    try (EagerSession session = EagerSession.create()) {
      assertThrows(KerasInitException.class, () -> m.initialValues(Ops.create(session)));
    }
  }
}
