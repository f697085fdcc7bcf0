package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.WeightSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RMSNormalization, Attention, AdditiveAttention, ConvLSTM1D/2D/3D, GroupQueryAttention and SpectralNormalization:
 * arguments Keras 3.15.1 refuses ({@code Attention(score_mode="x")}, {@code ConvLSTM2D(2, 3, strides=2,
 * dilation_rate=2)}, {@code padding="causal"}, unknown spatial dims, {@code GroupQueryAttention(2, 4, 3)},
 * {@code SpectralNormalization(LSTM(2))}) are refused naming the layer, the key and the value; the weight shapes of the options the
 * layer table does not cover.
 */
class AttentionConvLstmArgumentsTest {
  private static KerasModel oneLayer(String className, String config, String inputShape) {
    return LayerArgumentsTest.oneLayer(className, config, inputShape);
  }

  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      Attention | "score_mode": "additive" | [null, 3, 4] | `score_mode` = "additive"
      ConvLSTM2D | "filters": 0, "kernel_size": 3 | [null, 2, 8, 8, 1] | `filters` = 0
      ConvLSTM2D | "filters": 2, "kernel_size": 0 | [null, 2, 8, 8, 1] | `kernel_size` = 0
      ConvLSTM2D | "filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2 | [null, 2, 8, 8, 1] | `strides` = [2, 2]
      ConvLSTM1D | "filters": 2, "kernel_size": 3, "padding": "causal" | [null, 2, 8, 1] | `padding` = "causal"
      ConvLSTM1D | "filters": 2, "kernel_size": 3, "data_format": "nhwc" | [null, 2, 8, 1] | `data_format` = "nhwc"
      ConvLSTM2D | "filters": 2, "kernel_size": 3 | [null, 2, null, 8, 1] | static spatial
      ConvLSTM3D | "filters": 2, "kernel_size": 3 | [null, 2, 8, 8, 1] | rank 6
      GroupQueryAttention | "head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 3 | [null, 3, 4] | `num_key_value_heads` = 3
      GroupQueryAttention | "head_dim": 0, "num_query_heads": 4, "num_key_value_heads": 2 | [null, 3, 4] | `head_dim` = 0
      SpectralNormalization | "power_iterations": 0, "layer": {"class_name": "Dense", "config": {"units": 2}} | [null, 4] | `power_iterations` = 0
      SpectralNormalization | "layer": {"class_name": "LSTM", "config": {"units": 2}} | [null, 3, 4] | no `kernel` nor `embeddings`
      """)
  void argumentsKerasRefusesAreRefusedNamingTheLayerKeyAndValue(String cls, String config, String shape,
      String named) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> oneLayer(cls, config, shape));
    assertTrue(e.getMessage().contains("\"x\" (" + cls + ")") && e.getMessage().contains(named), e.getMessage());
  }

  @Test
  void weightShapes() {
    assertEquals("[[4, 3]]", shapes(oneLayer("RMSNormalization", "\"axis\": [2, 1]", "[null, 4, 3]")));
    assertEquals("[[2, 3, 8], [2, 2, 8], [8]]", shapes(oneLayer("ConvLSTM1D",
        "\"filters\": 2, \"kernel_size\": 2, \"return_sequences\": true", "[null, 5, 6, 3]")));
  }

  private static String shapes(KerasModel model) {
    return model.weights().stream().map(WeightSpec::shape).map(java.util.Arrays::toString).toList().toString();
  }
}
