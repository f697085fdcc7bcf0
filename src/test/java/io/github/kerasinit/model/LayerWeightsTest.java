package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.config.KerasJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported layer's weight list against Keras 3.15.1, one row per layer and option that changes its weights
 * ({@code layer_rows()} in python-parity/export_models.py, which writes src/test/resources/layers/layer_weights.json):
 * Keras builds a 1-layer Functional model, and keras-init reads the same {@code to_json()} and must list the same
 * weights in the same order with the same path, shape, dtype, trainable flag and initializer class.
 */
class LayerWeightsTest {
  private static final String GOLDEN = "layers/layer_weights.json";

  /** The weight-bearing layer classes keras-init supports (README "Supported layers"), each needing a row. */
  private static final List<String> WEIGHT_BEARING = List.of("Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D",
      "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "DepthwiseConv1D", "DepthwiseConv2D",
      "SeparableConv1D", "SeparableConv2D", "Embedding", "SimpleRNN", "LSTM", "GRU", "Bidirectional",
      "TimeDistributed", "BatchNormalization", "LayerNormalization", "GroupNormalization", "Normalization",
      "MultiHeadAttention", "PReLU", "Sequential", "LayerScale", "RMSNormalization", "Attention",
      "AdditiveAttention", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "SpectralNormalization",
      "GroupQueryAttention", "ReversibleEmbedding", "STFTSpectrogram", "RNN", "StackedRNNCells", "SimpleRNNCell",
      "LSTMCell", "GRUCell");

  /**
   * What stands, on our side, for a weight Keras initializes with a plain Python function rather than an
   * Initializer object. keras-init's one composite recipe is LSTM's {@code unit_forget_bias}: {@code describe()}
   * gives {@code {"concatenate": [bias_initializer, Ones, bias_initializer], "sizes": [units, units, 2 * units]}}.
   * Keras makes that bias with {@code def bias_initializer(_, *args, **kwargs)} defined inside
   * {@code LSTMCell.build}, which concatenates the same three calls; a function has no initializer class, so the
   * golden records {@code type(initializer).__name__ == "function"} and its {@code __qualname__}. A composite
   * therefore compares as that function, qualname included, so it matches only where Keras used LSTMCell's
   * concatenating bias function (its values are compared byte for byte by ModelParityTest).
   */
  private static final String LSTM_FORGET_BIAS = "function LSTMCell.build.<locals>.bias_initializer";
  /** ConvLSTMCell's own copy of that function: the same recipe, with filters for units. */
  private static final String CONV_LSTM_FORGET_BIAS = "function ConvLSTMCell.build.<locals>.bias_initializer";

  /** One row: its id, the model config Keras' {@code to_json()} wrote, and Keras' {@code model.weights}. */
  record Row(String id, Map<String, Object> config, List<Map<String, Object>> weights) {
    @Override
    public String toString() {
      return id;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> table() {
    try (InputStream in = LayerWeightsTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + GOLDEN + "; run python-parity/export_models.py");
      }
      return (Map<String, Object>) KerasJson.parse(in, GOLDEN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Object o : (List<Object>) table().get("rows")) {
      Map<String, Object> row = (Map<String, Object>) o;
      rows.add(new Row((String) row.get("row"), (Map<String, Object>) row.get("config"),
          (List<Map<String, Object>>) row.get("weights")));
    }
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theWeightListIsKeras(Row row) {
    var model = KerasModel.fromConfig(row.config(), KerasModel.options());
    List<String> keras = new ArrayList<>();
    for (Map<String, Object> w : row.weights()) {
      Object function = w.get("initializer_function");
      keras.add(line(w.get("path"), w.get("shape"), w.get("dtype"), w.get("trainable"),
          w.get("initializer") + (function == null ? "" : " " + function)));
    }
    List<String> ours = new ArrayList<>();
    for (var w : model.weights()) {
      ours.add(line(w.path(), Arrays.toString(w.shape()), w.dtype(), w.trainable(), initializerClass(w.path(),
          w.init().describe())));
    }
    assertEquals(String.join("\n", keras), String.join("\n", ours),
        () -> "row \"" + row.id() + "\": " + firstDifference(keras, ours) + " (expected: Keras, actual: keras-init)");
  }

  private static String line(Object path, Object shape, Object dtype, Object trainable, Object initializer) {
    return path + " " + shape + " " + dtype + " trainable=" + trainable + " " + initializer;
  }

  /** The initializer's class as Keras' {@code type(initializer).__name__} would name it (see LSTM_FORGET_BIAS). */
  private static String initializerClass(String path, Object description) {
    Map<?, ?> d = (Map<?, ?>) description;
    if (d.containsKey("concatenate")) {
      return path.contains("/conv_lstm_cell/") ? CONV_LSTM_FORGET_BIAS : LSTM_FORGET_BIAS;
    }
    return String.valueOf(d.get("class_name"));
  }

  /** The first weight where the lists differ, by its path. */
  private static String firstDifference(List<String> keras, List<String> ours) {
    for (int i = 0; i < Math.min(keras.size(), ours.size()); i++) {
      if (!keras.get(i).equals(ours.get(i))) {
        return "weight " + i + " is " + keras.get(i) + " in Keras, " + ours.get(i) + " in keras-init";
      }
    }
    return keras.size() > ours.size()
        ? "keras-init lacks weight " + ours.size() + ", " + keras.get(ours.size())
        : "keras-init has an extra weight " + keras.size() + ", " + ours.get(keras.size());
  }

  @Test
  void theTableIsFromThePinnedKerasAndCoversEveryWeightBearingLayer() {
    Map<String, Object> table = table();
    assertEquals("3.15.1", table.get("keras_version"), GOLDEN);
    Set<String> classes = new TreeSet<>();
    for (Row row : rows()) {
      collectClassNames(row.config(), classes);
    }
    List<String> missing = WEIGHT_BEARING.stream().filter(c -> !classes.contains(c)).toList();
    assertEquals(List.of(), missing, "supported layers without a row in " + GOLDEN);
  }

  private static void collectClassNames(Object node, Set<String> out) {
    if (node instanceof Map<?, ?> map) {
      if (map.get("class_name") instanceof String name) {
        out.add(name);
      }
      map.values().forEach(v -> collectClassNames(v, out));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectClassNames(v, out));
    }
  }
}
