package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.WeightSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How Keras 3.15.1 reads and builds layer arguments that keras-init read otherwise, found by probing one-layer models
 * against it (a Sequential of the layer, then Flatten and Dense(2) where the layer's output shape decides a kernel):
 * every expected shape and refusal below is what {@code model_from_json} did with the same config in Python.
 */
class KerasBuildRulesTest {
  /**
   * A Sequential in Keras 3's form ({@code module} on every entry) of an InputLayer and {@code layers}, each
   * {@code "Class | config keys"}; the first is named x, the others l1, l2...
   */
  @SuppressWarnings("unchecked")
  static KerasModel keras3Sequential(String inputShape, String... layers) {
    List<String> entries = new ArrayList<>();
    entries.add("{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\","
        + " \"batch_shape\": " + inputShape + "}}");
    for (int i = 0; i < layers.length; i++) {
      String[] parts = layers[i].split("\\|", 2);
      String keys = parts.length > 1 && !parts[1].isBlank() ? ", " + parts[1].trim() : "";
      entries.add("{\"module\": \"keras.layers\", \"class_name\": \"" + parts[0].trim() + "\", \"config\":"
          + " {\"name\": \"" + (i == 0 ? "x" : "l" + i) + "\"" + keys + "}}");
    }
    String json = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + String.join(", ", entries) + "]}}";
    return KerasModel.fromConfig((Map<String, Object>) KerasJson.parse(json, "test"), KerasModel.options().seed(1));
  }

  private static String shapes(KerasModel model) {
    return model.weights().stream().map(WeightSpec::shape).map(Arrays::toString).toList().toString();
  }

  private static String refusal(String inputShape, String... layers) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> keras3Sequential(inputShape, layers));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage();
  }

  /**
   * ZeroPadding and Cropping as their constructors read them: an int for every dim (a negative one pads by -1 in 2D
   * and 3D), one entry per dim each an int or two ints, and the class's own default.
   */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      ZeroPadding2D | "padding": -1                 | [null, 4, 4, 3]    | [[12, 2], [2]]
      ZeroPadding2D | "padding": [[1, 2], [0, 1]]   | [null, 4, 4, 3]    | [[105, 2], [2]]
      ZeroPadding2D | "padding": [1, 2]             | [null, 4, 4, 3]    | [[144, 2], [2]]
      ZeroPadding3D | "padding": [1, [1, 2], 0]     | [null, 4, 4, 4, 3] | [[504, 2], [2]]
      ZeroPadding1D | "padding": [1, 2]             | [null, 6, 3]       | [[27, 2], [2]]
      Cropping2D    | "cropping": [[1, 1], 1]       | [null, 6, 6, 3]    | [[48, 2], [2]]
      Cropping1D    |                               | [null, 6, 3]       | [[12, 2], [2]]
      Cropping2D    |                               | [null, 6, 6, 3]    | [[108, 2], [2]]
      Cropping3D    |                               | [null, 6, 6, 6, 3] | [[192, 2], [2]]
      ZeroPadding3D |                               | [null, 4, 4, 4, 3] | [[648, 2], [2]]
      """)
  void paddingAndCroppingGiveKerasShapes(String cls, String config, String input, String expected) {
    assertEquals(expected, shapes(keras3Sequential(input, cls + "|" + (config == null ? "" : config), "Flatten",
        "Dense | \"units\": 2")));
  }

  /** Keras' "`padding` should have two elements", "must be a tuple of 2 integers", "cannot be negative". */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      ZeroPadding2D | "padding": 1.0                  | [null, 4, 4, 3]    | `padding` = 1.0; Keras requires an int, or 2 entries (one per spatial dimension), each an int or 2 ints
      ZeroPadding2D | "padding": null                 | [null, 4, 4, 3]    | `padding` = null; Keras requires an int, or 2 entries
      ZeroPadding2D | "padding": [1]                  | [null, 4, 4, 3]    | `padding` = [1]; Keras requires an int, or 2 entries
      ZeroPadding2D | "padding": [1, 2, 3]            | [null, 4, 4, 3]    | `padding` = [1, 2, 3]; Keras requires an int, or 2 entries
      ZeroPadding2D | "padding": [[1], [1]]           | [null, 4, 4, 3]    | `padding` = [[1], [1]]; Keras requires an int or 2 ints for each spatial dimension
      ZeroPadding2D | "padding": [[1.0, 1], [1, 1]]   | [null, 4, 4, 3]    | `padding` = [[1.0, 1], [1, 1]]; Keras requires an int or 2 ints for each
      ZeroPadding2D | "padding": [[-1, 1], [1, 1]]    | [null, 4, 4, 3]    | `padding` = [[-1, 1], [1, 1]]; Keras requires values of 0 or more
      ZeroPadding1D | "padding": -1                   | [null, 6, 3]       | `padding` = -1; Keras requires values of 0 or more
      ZeroPadding1D | "padding": [[1, 2], [0, 1]]     | [null, 6, 3]       | `padding` = [[1, 2], [0, 1]]; Keras requires an int or 2 ints
      Cropping3D    | "cropping": [1, 2]              | [null, 6, 6, 6, 3] | `cropping` = [1, 2]; Keras requires an int, or 3 entries
      Cropping2D    | "cropping": "1"                 | [null, 6, 6, 3]    | `cropping` = "1"; Keras requires an int, or 2 entries
      """)
  void paddingAndCroppingKerasRefusesAreRefused(String cls, String config, String input, String message) {
    String m = refusal(input, cls + "|" + config, "Flatten", "Dense | \"units\": 2");
    assertTrue(m.contains("\"x\" (" + cls + "): " + message), m);
  }

  /**
   * Keras 3.15.1's Reshape leaves any dim that is no int unknown (None, a float, a string), infers no -1 beside one,
   * and checks the size only where every dim is known; a Dense on an unknown dim is refused, as Keras refuses it.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      [null, 4]  | [[4, 2], [2]]
      [3.0, 4]   | [[4, 2], [2]]
      ["3", 4]   | [[4, 2], [2]]
      [12, 1]    | [[1, 2], [2]]
      """)
  void reshapeDimsGiveKerasShapes(String target, String expected) {
    assertEquals(expected, shapes(keras3Sequential("[null, 12]", "Reshape | \"target_shape\": " + target,
        "Dense | \"units\": 2")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      [3, null]  | layer "l1" (Dense) needs a known last input dimension, got input shape (None, 3, None)
      [-1, null] | layer "l1" (Dense) needs a known last input dimension, got input shape (None, None, None)
      [0, 4]     | cannot reshape input (None, 12) to [0, 4]: the total size must be unchanged
      [-2, 6]    | `target_shape` = [-2, 6]; Keras requires dims of 0 or more and at most one -1
      """)
  void reshapesKerasRefusesAreRefused(String target, String message) {
    String m = refusal("[null, 12]", "Reshape | \"target_shape\": " + target, "Dense | \"units\": 2");
    assertTrue(m.contains(message), m);
  }

  @Test
  void anEinsumDenseOutputShapeMustKeepTheDimsItSharesWithTheInput() {
    String m = refusal("[null, 5, 4]", "EinsumDense | \"equation\": \"abc,cd->abd\", \"output_shape\": [7, 3]");
    assertTrue(m.contains("\"x\" (EinsumDense): input shape and output shape do not match at shared dimension 'b' of"
        + " 'abc,cd->abd', as Keras requires: input shape is 5, and `output_shape` says 7"), m);
    assertEquals("[[4, 3]]", shapes(keras3Sequential("[null, 5, 4]",
        "EinsumDense | \"equation\": \"abc,cd->abd\", \"output_shape\": [null, 3]")));
    assertEquals("[[4, 3]]", shapes(keras3Sequential("[null, 5, 6, 4]",
        "EinsumDense | \"equation\": \"...c,cd->...d\", \"output_shape\": [3]")));
    // a shared dim the output leaves None stays None (Keras' compute_output_shape): a Dense after it cannot be built
    String einsum = "EinsumDense | \"equation\": \"abc,cde->abde\", \"output_shape\": [null, 2, 3]";
    assertTrue(refusal("[null, 5, 4]", einsum, "Flatten", "Dense | \"units\": 2").contains("layer \"l2\" (Dense) needs"
        + " a known last input dimension, got input shape (None, None)"));
  }

  /** Keras' Normalization with a given mean: numpy's shapes, its rank against the axes, broadcasting in build. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      [null, 4]    | "mean": [1, 2, 3], "variance": [1, 1, 1]                           | `mean` of shape (3,) does not broadcast to the kept axes' sizes (4,)
      [null, 4]    | "mean": [1, 2, 3, 4], "variance": [1, 1, 1]                        | `mean` and `variance` must have the same shape, as Keras requires; got (4,) and (3,)
      [null, 4]    | "mean": [[1, 2, 3, 4]], "variance": [[1, 1, 1, 1]]                 | the rank of `mean` must be at most the number of axes (1)
      [null, 3, 4] | "axis": [1, 2], "mean": [1, 2, 3], "variance": [1, 1, 1]           | `mean` of shape (3,) does not broadcast to the kept axes' sizes (3, 4)
      [null, 3, 4] | "axis": null, "mean": [1, 2, 3, 4], "variance": [1, 1, 1, 1]       | the rank of `mean` must be at most the number of axes (0)
      [null, 4]    | "mean": [[1, 2], [3]], "variance": [[1, 2], [3]]                   | `mean` = [[1, 2], [3]]; Keras requires a number or a regular nested list of numbers
      [null, 4]    | "mean": ["a", "b", "c", "d"], "variance": [1, 1, 1, 1]             | `mean` = ["a", "b", "c", "d"]; Keras requires a number or a regular nested list
      [null, null] |                                                                    | the axes it keeps must have a known size, as Keras requires; axis 1 of input (None, None) is unknown
      """)
  void normalizationsKerasRefusesAreRefused(String input, String config, String message) {
    String m = refusal(input, "Normalization|" + (config == null ? "" : config));
    assertTrue(m.contains("\"x\" (Normalization): " + message), m);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      [null, 4]       | "mean": 1, "variance": 2                                         | []
      [null, 4]       | "mean": [1], "variance": [2]                                     | []
      [null, 3, 4]    | "axis": [1, 2], "mean": [[1, 2, 3, 4]], "variance": [[1, 1, 1, 1]] | []
      [null, 3, null] | "axis": 1                                                        | [[3], [3], []]
      [null, 3, 4]    | "axis": [1, 1], "mean": [[1]], "variance": [[1]]                 | []
      """)
  void normalizationsKerasBuildsAreBuilt(String input, String config, String expected) {
    assertEquals(expected, shapes(keras3Sequential(input, "Normalization|" + config)));
  }

  /**
   * In Keras 3's form, a null axis is refused (its constructors cannot use one) and BatchNormalization and
   * GroupNormalization take one int; Keras 3's legacy loader, which reads Keras 2's form, drops a null axis and
   * unwraps a one-element list, and keras-init reads such a config as before.
   */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      BatchNormalization | "axis": null              | `axis` = null; Keras 3 requires an int (a null or one-element list axis is taken only in a config of Keras 2's form
      BatchNormalization | "axis": [-1]              | `axis` = [-1]; Keras 3 requires an int
      GroupNormalization | "axis": [-1], "groups": 2 | `axis` = [-1]; Keras 3 requires an int
      GroupNormalization | "axis": null, "groups": 2 | `axis` = null; Keras 3 requires an int
      LayerNormalization | "axis": null              | `axis` = null; Keras 3 requires an int or a list of ints (a null axis is taken only
      RMSNormalization   | "axis": null              | `axis` = null; Keras 3 requires an int or a list of ints
      GroupNormalization | "groups": null            | `groups` = null; Keras requires a positive integer, or -1
      LayerNormalization | "axis": [null]            | `axis` = [null] (a list); expected an int or a list of ints
      PReLU              | "shared_axes": [1, null]  | `shared_axes` = [1, null] (a list); expected an int or a list of ints
      """)
  void normalizationAxesKeras3RefusesAreRefused(String cls, String config, String message) {
    String m = refusal("[null, 4, 5, 6]", cls + "|" + config);
    assertTrue(m.contains("\"x\" (" + cls + "): " + message), m);
  }

  /**
   * BatchNormalization's {@code int(axis)} (checked in Keras 3.15.1): a float truncated, a string of digits read.
   * In Keras 2's form the legacy loader first drops a string axis (the default stays) and unwraps [2.0].
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      2.0     | [[5], [5], [5], [5]]
      2.7     | [[5], [5], [5], [5]]
      " 2 "   | [[5], [5], [5], [5]]
      "-1"    | [[6], [6], [6], [6]]
      true    | [[4], [4], [4], [4]]
      """)
  void batchNormalizationAxisIsReadByPythonsInt(String axis, String expected) {
    assertEquals(expected, shapes(keras3Sequential("[null, 4, 5, 6]", "BatchNormalization | \"axis\": " + axis)));
  }

  @Test
  void batchNormalizationAxisPythonsIntRefusesIsRefused() {
    assertTrue(refusal("[null, 4, 5, 6]", "BatchNormalization | \"axis\": \"2.0\"").contains("\"x\""
        + " (BatchNormalization): `axis` = \"2.0\" (a string); Keras requires an int (Python's int() reads floats and"
        + " digit strings too)"));
    assertEquals("[[6], [6], [6], [6]]", shapes(LayerArgumentsTest.oneLayer("BatchNormalization", "\"axis\": \"2\"",
        "[null, 4, 5, 6]")));
    assertEquals("[[5], [5], [5], [5]]", shapes(LayerArgumentsTest.oneLayer("BatchNormalization", "\"axis\": [2.0]",
        "[null, 4, 5, 6]")));
  }

  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      BatchNormalization | "axis": null              | [[6], [6], [6], [6]]
      BatchNormalization | "axis": [2]               | [[5], [5], [5], [5]]
      GroupNormalization | "axis": [-1], "groups": 2 | [[6], [6]]
      LayerNormalization | "axis": null              | [[6], [6]]
      """)
  void normalizationAxesOfKeras2FormAreReadAsItsLegacyLoaderReadsThem(String cls, String config, String expected) {
    assertEquals(expected, shapes(LayerArgumentsTest.oneLayer(cls, config, "[null, 4, 5, 6]")));
  }

  /**
   * Keras' PReLU sets {@code param_shape[axis - 1] = 1}, indexing a Python list: shared axis 0 is the last one, -1 the
   * one before it; past either end is its IndexError.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      [1]  | [[1, 5, 6]]
      [0]  | [[4, 5, 1]]
      0    | [[4, 5, 1]]
      [-1] | [[4, 1, 6]]
      [-2] | [[1, 5, 6]]
      """)
  void preluSharedAxesIndexAsKerasIndexes(String axes, String expected) {
    assertEquals(expected, shapes(keras3Sequential("[null, 4, 5, 6]", "PReLU | \"shared_axes\": " + axes)));
  }

  @Test
  void preluSharedAxesPastTheEndsAreRefused() {
    assertTrue(refusal("[null, 4, 5, 6]", "PReLU | \"shared_axes\": [4]").contains("\"x\" (PReLU): `shared_axes` ="
        + " [4]: axis 4 is out of range for input (None, 4, 5, 6), as Keras refuses it"));
    assertTrue(refusal("[null, 4, 5, 6]", "PReLU | \"shared_axes\": [-3]").contains("axis -3 is out of range"));
  }

  /**
   * A quantized dtype policy (what {@code model.quantize("int8")} saves): Keras' Dense, EinsumDense and Embedding then
   * build an int8 kernel and its scale (int4, float8, gptq, awq their own weights), which keras-init refuses rather
   * than make the float kernel; other layers build as the policy's source. Checked in Keras 3.15.1.
   */
  @Test
  void quantizedDtypePoliciesAreRefusedWhereKerasBuildsQuantizedWeights() {
    String dict = "{\"module\": \"keras.dtype_policies\", \"class_name\": \"QuantizedDTypePolicy\", \"config\":"
        + " {\"mode\": \"int8\", \"source_name\": \"float32\"}}";
    assertTrue(refusal("[null, 4]", "Dense | \"units\": 2, \"dtype\": " + dict).contains("layer \"x\" (Dense) is not"
        + " supported with the quantized dtype policy {\"module\": \"keras.dtype_policies\", \"class_name\":"
        + " \"QuantizedDTypePolicy\""));
    String embedding = "Embedding | \"input_dim\": 5, \"output_dim\": 2, \"dtype\": \"int4_from_float32\"";
    assertTrue(refusal("[null, 4]", embedding).contains("quantized dtype policy \"int4_from_float32\": Keras then"
        + " builds int4 weights"));
    assertTrue(refusal("[null, 5, 8]", "MultiHeadAttention | \"num_heads\": 2, \"key_dim\": 4, \"dtype\":"
        + " \"int8_from_float32\"").contains("(MultiHeadAttention) is not supported with the quantized dtype policy"));
    String conv = "Conv2D | \"filters\": 2, \"kernel_size\": 3, \"dtype\": ";
    assertTrue(refusal("[null, 4, 4, 3]", conv + "\"int8\"").contains("dtype policy \"int8\" starts with a"
        + " quantization mode, so Keras reads it as a quantized policy; Keras cannot read it as a pair of mode and"
        + " source"));
    assertTrue(refusal("[null, 4, 4, 3]", conv + "\"int8_from_float16\"").contains("Keras refuses quantization mode"
        + " int8 with compute dtype float16"));
    assertTrue(refusal("[null, 4, 4, 3]", conv + "\"int8x_from_float32\"").contains("Keras requires the quantization"
        + " mode to be one of int8, float8, int4, gptq, awq"));
    String noSource = "{\"module\": \"keras.dtype_policies\", \"class_name\": \"QuantizedDTypePolicy\", \"config\":"
        + " {\"mode\": \"int8\"}}";
    assertEquals("[float32, float32]", keras3Sequential("[null, 4, 4, 3]", conv + noSource).weights().stream()
        .map(WeightSpec::dtype).toList().toString());
    assertEquals("[float64, float64]", keras3Sequential("[null, 4, 4, 3]", conv + "\"int8_from_float64\"").weights()
        .stream().map(WeightSpec::dtype).toList().toString());
  }

  @Test
  void multiHeadAttentionAxesAreCheckedAsKerasChecksThem() {
    String mha = "MultiHeadAttention | \"num_heads\": 2, \"key_dim\": 4, \"attention_axes\": ";
    assertTrue(refusal("[null, 5, 8]", mha + "[4]").contains("\"x\" (MultiHeadAttention): `attention_axes` = [4]:"
        + " axis 4 is out of bounds for the attention's 4 axes, as Keras refuses it"));
    assertTrue(refusal("[null, 5, 8]", mha + "1.0").contains("`attention_axes` = 1.0; Keras requires an int or a list"
        + " of ints"));
    assertTrue(refusal("[null, 5, 8]", mha + "[1.0]").contains("`attention_axes` = [1.0]; Keras requires"));
    for (String ok : new String[] {"[-5]", "[0]", "[]", "1", "[3]", "true"}) {
      assertEquals(8, keras3Sequential("[null, 5, 8]", mha + ok).weights().size(), ok);
    }
  }

  /**
   * A Sequential passes a layer's several outputs on as a list (Bidirectional with merge_mode None, an LSTM with
   * return_state): a merge takes it, Dropout and activations map over it, a Dense refuses it; a merge given one
   * tensor is refused. Keras 3.15.1 made the same kernels and refused the same models.
   */
  @Test
  void aSequentialPassesSeveralOutputsOnAsAList() {
    String bidirectional = "Bidirectional | \"merge_mode\": null, \"layer\": {\"module\": \"keras.layers\","
        + " \"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 4}}";
    String dense = "Dense | \"units\": 2";
    assertEquals("[8, 2]", Arrays.toString(last(keras3Sequential("[null, 5, 3]", bidirectional, "Concatenate",
        dense))));
    assertEquals("[4, 2]", Arrays.toString(last(keras3Sequential("[null, 5, 3]", bidirectional, "Add", dense))));
    assertEquals("[8, 2]", Arrays.toString(last(keras3Sequential("[null, 5, 3]", bidirectional,
        "Dropout | \"rate\": 0.1", "Activation | \"activation\": \"relu\"", "Concatenate", dense))));
    assertEquals("[8, 2]", Arrays.toString(last(keras3Sequential("[null, 5, 3]", bidirectional, "ELU",
        "Rescaling | \"scale\": 2.0", "UnitNormalization", "Concatenate", dense))));
    assertEquals("[12, 2]", Arrays.toString(last(keras3Sequential("[null, 5, 3]",
        "LSTM | \"units\": 4, \"return_state\": true", "Concatenate", dense))));
    assertTrue(refusal("[null, 5, 3]", bidirectional, dense).contains("layer \"l1\" (Dense) takes one input, as Keras"
        + " requires, but in Sequential \"s\" it gets the 2 outputs of the layer before it: (None, 4), (None, 4)"));
    assertTrue(refusal("[null, 5, 3]", "Concatenate", dense).contains("layer \"x\" (Concatenate) takes a list of"
        + " inputs, as Keras requires, but in Sequential \"s\" it gets the one tensor of the layer before it"));
    assertTrue(refusal("[null, 5, 3]", "Add", dense).contains("\"x\" (Add) takes a list of inputs"));
  }

  private static long[] last(KerasModel model) {
    List<WeightSpec> weights = model.weights();
    return weights.get(weights.size() - 2).shape();
  }
}
