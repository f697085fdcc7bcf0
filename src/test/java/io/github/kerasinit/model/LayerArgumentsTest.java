package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.WeightSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Layer arguments Keras 3.15.1 refuses in the layer's constructor (checked in Python: {@code Dense(0)} raises
 * "expected a positive integer", {@code Conv2D(4, 0)} "do not satisfy `value > 0`"...), and layer names: Keras
 * refuses '/', keras-init also NUL (numpy cuts .npz keys there).
 */
class LayerArgumentsTest {
  /** A Sequential of an InputLayer and one layer of {@code className} with {@code config}'s extra keys. */
  @SuppressWarnings("unchecked")
  static KerasModel oneLayer(String className, String config, String inputShape) {
    String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": " + inputShape + "}},"
        + "{\"class_name\": \"" + className + "\", \"config\": {\"name\": \"x\"" + (config.isEmpty() ? "" : ", ")
        + config + "}}]}}";
    return KerasModel.fromConfig((Map<String, Object>) KerasJson.parse(json, "test"), KerasModel.options().seed(1));
  }

  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      Dense              | "units": 0                                  | [null, 4]       | `units` = 0
      Dense              | "units": -3                                 | [null, 4]       | `units` = -3
      Conv2D             | "filters": 0, "kernel_size": 3              | [null, 8, 8, 4] | `filters` = 0
      Conv2D             | "filters": 4, "kernel_size": 0              | [null, 8, 8, 4] | `kernel_size` = 0
      Conv2D             | "filters": 4, "kernel_size": [3, 0]         | [null, 8, 8, 4] | `kernel_size` = [3, 0]
      Conv2D             | "filters": 4, "kernel_size": 3, "strides": 0 | [null, 8, 8, 4] | `strides` = 0
      Conv1D             | "filters": 4, "kernel_size": 3, "dilation_rate": 0 | [null, 8, 4] | `dilation_rate` = 0
      Conv2D             | "filters": 4, "kernel_size": 3, "groups": 0 | [null, 8, 8, 4] | `groups` = 0
      Conv2D             | "filters": 4, "kernel_size": 3, "groups": 3 | [null, 8, 8, 6] | `groups` = 3
      Conv2DTranspose    | "filters": 0, "kernel_size": 3              | [null, 8, 8, 4] | `filters` = 0
      Conv2DTranspose    | "filters": 4, "kernel_size": 3, "output_padding": -1 | [null, 8, 8, 4] | `output_padding` = -1
      DepthwiseConv2D    | "kernel_size": 3, "depth_multiplier": 0     | [null, 8, 8, 4] | `depth_multiplier` = 0
      SeparableConv1D    | "filters": 4, "kernel_size": 3, "depth_multiplier": 0 | [null, 8, 4] | `depth_multiplier` = 0
      Embedding          | "input_dim": 0, "output_dim": 3             | [null, 5]       | `input_dim` = 0
      Embedding          | "input_dim": 10, "output_dim": 0            | [null, 5]       | `output_dim` = 0
      MultiHeadAttention | "num_heads": 0, "key_dim": 2                | [null, 3, 4]    | `num_heads` = 0
      MultiHeadAttention | "num_heads": 2, "key_dim": 0                | [null, 3, 4]    | `key_dim` = 0
      MultiHeadAttention | "num_heads": 2, "key_dim": 2, "value_dim": 0 | [null, 3, 4]   | `value_dim` = 0
      LSTM               | "units": 0                                  | [null, 3, 4]    | `units` = 0
      GRU                | "units": 0                                  | [null, 3, 4]    | `units` = 0
      SimpleRNN          | "units": 0                                  | [null, 3, 4]    | `units` = 0
      GroupNormalization | "groups": 0                                 | [null, 4]       | `groups` = 0
      MaxPooling2D       | "pool_size": 0                              | [null, 8, 8, 4] | `pool_size` = 0
      AveragePooling1D   | "pool_size": 2, "strides": 0                | [null, 8, 4]    | `strides` = 0
      UpSampling2D       | "size": 0                                   | [null, 8, 8, 4] | `size` = 0
      RepeatVector       | "n": 0                                      | [null, 4]       | `n` = 0
      Dropout            | "rate": 1.5                                 | [null, 4]       | `rate` = 1.5
      SpatialDropout1D   | "rate": -0.5                                | [null, 3, 4]    | `rate` = -0.5
      AlphaDropout       | "rate": 2                                   | [null, 4]       | `rate` = 2
      GaussianNoise      | "stddev": 1.5                               | [null, 4]       | `stddev` = 1.5
      """)
  void argumentsKerasRefusesAreRefusedNamingTheKeyAndValue(String cls, String config, String shape, String named) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> oneLayer(cls, config, shape));
    assertTrue(e.getMessage().contains("\"x\" (" + cls + ")") && e.getMessage().contains(named)
        && e.getMessage().contains("as Keras requires"), e.getMessage());
  }

  /** Python ints have no size; Java's longValue() would wrap 2^64 + 5 to 5 and build a 5-unit Dense. */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      Dense              | "units": 18446744073709551621              | [null, 4]       | `units` = 18446744073709551621; expected an integer from -2^63 to 2^63 - 1
      Conv2D             | "filters": 2, "kernel_size": [3, 18446744073709551619] | [null, 8, 8, 4] | `kernel_size` = [3, 18446744073709551619] (a list); expected integers from -2^63
      Dense              | "units": 2                                  | [null, 100000000000000000000] | shape [null, 100000000000000000000]: dimension = 100000000000000000000 does not fit a 64-bit integer
      Permute            | "dims": [4294967298, 1]                     | [null, 4, 3]    | `dims` = [4294967298, 1]; expected a permutation of 1 to 2
      LayerNormalization | "axis": 4294967295                          | [null, 4]       | cannot build with input shapes [(None, 4)] (its config {"name": "x", "axis": 4294967295})
      BatchNormalization | "axis": -4294967297                         | [null, 4]       | (its config {"name": "x", "axis": -4294967297})
      """)
  void intsOutsideTheirRangeAreRefusedNotWrapped(String cls, String config, String shape, String message) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> oneLayer(cls, config, shape));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  /**
   * Configs Keras 3.15.1 refuses while it builds the model (checked in Python by a probe of 460 one-layer models),
   * which keras-init made weights for: some of zero size (a kernel of (0, 2) after an over-cropped input), some of
   * another layer's shape.
   */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      Conv2D             | "filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2 | [null, 8, 8, 3] | Keras refuses strides > 1 with dilation_rate > 1
      Conv1D             | "filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2 | [null, 8, 3]    | Keras refuses strides > 1 with dilation_rate > 1
      Conv2DTranspose    | "filters": 4, "kernel_size": 3, "output_padding": 1              | [null, 8, 8, 3] | Keras requires each output_padding strictly less than its stride
      Conv2D             | "filters": 4, "kernel_size": 3, "padding": "causal"              | [null, 8, 8, 3] | `padding` = "causal"; Keras requires "valid" or "same" (in any case)
      Conv2D             | "filters": 4, "kernel_size": 3, "padding": null                  | [null, 8, 8, 3] | `padding` = null; Keras requires
      MaxPooling2D       | "padding": "causal"                                              | [null, 8, 8, 3] | `padding` = "causal"; Keras requires
      Conv2D             | "filters": 4, "kernel_size": 3, "data_format": "NHWC"            | [null, 8, 8, 3] | `data_format` = "NHWC"; Keras requires "channels_first" or "channels_last"
      Flatten            | "data_format": "foo"                                             | [null, 8, 3]    | `data_format` = "foo"; Keras requires
      DepthwiseConv2D    | "kernel_size": 3, "depth_multiplier": null                       | [null, 8, 8, 3] | `depth_multiplier` = null; Keras requires a positive integer
      Bidirectional      | "layer": {"class_name": "LSTM", "config": {"name": "l", "units": 4}}, "merge_mode": "CONCAT" | [null, 5, 3] | `merge_mode` = "CONCAT"; Keras requires "sum", "mul", "ave", "concat" or null
      MultiHeadAttention | "num_heads": 2, "key_dim": 2, "output_shape": 10.0               | [null, 3, 4]    | `output_shape` = 10.0; Keras requires an int or a list of ints and nulls
      Reshape            | "target_shape": [5, 3]                                           | [null, 12]      | cannot reshape input (None, 12) to [5, 3]: the total size must be unchanged
      Reshape            | "target_shape": [-1, -1]                                         | [null, 12]      | `target_shape` = [-1, -1]; Keras requires dims of 0 or more and at most one -1
      Reshape            | "target_shape": 12                                               | [null, 12]      | `target_shape` = 12; Keras requires a list of dims
      Cropping2D         | "cropping": [[4, 4], [0, 0]]                                     | [null, 8, 8, 3] | removes 8 of 8 values of a spatial dimension
      Cropping2D         | "cropping": -1                                                   | [null, 8, 8, 3] | `cropping` = -1; Keras requires values of 0 or more
      MaxPooling2D       | "pool_size": 4                                                   | [null, 3, 3, 3] | computed output size would be zero or negative
      MaxPooling2D       | "pool_size": 2                                                   | [null, 8, 3]    | expected ndim=4, found ndim=3
      RepeatVector       | "n": 2                                                           | [null, 4, 2]    | expected ndim=2, found ndim=3
      Permute            | "dims": [1]                                                      | [null, 3, 4]    | expected ndim=2, found ndim=3
      Normalization      | "mean": [1, 2, 3, 4]                                             | [null, 4]       | `mean` and `variance` must be set together
      """)
  void configsKerasRefusesWhileBuildingAreRefused(String cls, String config, String shape, String message) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> oneLayer(cls, config, shape));
    assertTrue(e.getMessage().contains("\"x\" (" + cls + ")") && e.getMessage().contains(message), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  /**
   * Keras lower-cases data_format and padding ("CHANNELS_FIRST" is channels_first: read as channels_last it made
   * a (3, 3, 8, 4) kernel), and Normalization's axis=None keeps no axis (scalar mean and variance, not (4,)); the
   * shapes are Keras 3.15.1's.
   */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      Conv2D          | "filters": 4, "kernel_size": 3, "data_format": "CHANNELS_FIRST" | [null, 3, 8, 8] | [[3, 3, 3, 4], [4]]
      DepthwiseConv2D | "kernel_size": 3, "depth_multiplier": 2, "data_format": "Channels_First" | [null, 3, 8, 8] | [[3, 3, 3, 2], [6]]
      Conv1D          | "filters": 4, "kernel_size": 3, "padding": "CAUSAL"             | [null, 10, 3]   | [[3, 3, 4], [4]]
      Normalization   | "axis": null                                                     | [null, 4]       | [[], [], []]
      """)
  void valuesKerasNormalizesGiveKerasShapes(String cls, String config, String shape, String shapes) {
    assertEquals(shapes, shapes(oneLayer(cls, config, shape)));
  }

  /** Keras: "The last dimension of `query_shape` and `value_shape` must be equal"; keras-init made key weights. */
  @Test
  void aGroupQueryAttentionOfQueryAndValueOfOtherWidthsIsRefused() {
    assertTrue(refusal("{\"class_name\": \"Functional\", \"keras_version\": \"2.15.0\", \"config\": {\"name\": \"f\","
        + " \"layers\": [{\"class_name\": \"InputLayer\", \"name\": \"q\", \"config\": {\"name\": \"q\","
        + " \"batch_input_shape\": [null, 5, 8]}, \"inbound_nodes\": []}, {\"class_name\": \"InputLayer\", \"name\": \"v\","
        + " \"config\": {\"name\": \"v\", \"batch_input_shape\": [null, 6, 3]}, \"inbound_nodes\": []},"
        + " {\"class_name\": \"GroupQueryAttention\", \"name\": \"x\", \"config\": {\"name\": \"x\", \"head_dim\": 4,"
        + " \"num_query_heads\": 2, \"num_key_value_heads\": 2}, \"inbound_nodes\": [[[\"q\", 0, 0, {}], [\"v\", 0, 0,"
        + " {}]]]}], \"input_layers\": [[\"q\", 0, 0], [\"v\", 0, 0]], \"output_layers\": [[\"x\", 0, 0]]}}")
        .contains("\"x\" (GroupQueryAttention): the last dimension of `query_shape` and `value_shape` must be equal, as"
            + " Keras requires, but are 8, 3"));
  }

  /** Keras refuses these while it deserializes the layer; keras-init made the weights float32 or ignored LoRA. */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      Dense | "units": 2, "dtype": 5        | `dtype` = 5; Keras requires a dtype policy name
      Dense | "units": 2, "dtype": ["a"]    | `dtype` = ["a"] (a list); Keras requires a dtype policy name
      Dense | "units": 2, "lora_rank": "2"  | `lora_rank` = "2" (a string); expected an integer or null
      """)
  void typesKerasCannotInterpretAreRefused(String cls, String config, String message) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> oneLayer(cls, config, "[null, 4]"));
    assertTrue(e.getMessage().contains("\"x\" (" + cls + "): " + message), e.getMessage());
  }

  /** Keras: "Argument `name` must be a string"; keras-init gave the layer an automatic name. */
  @Test
  void aLayerNameThatIsNoStringIsRefused() {
    assertEquals("a Dense layer's name is 7; Keras requires a string", refusal("{\"class_name\": \"Sequential\","
        + " \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": 7,"
        + " \"units\": 2, \"batch_input_shape\": [null, 4]}}]}}"));
  }

  /** The one-line message loading this model config fails with. */
  private static String refusal(String json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) KerasJson.parse(json, "test");
    return assertThrows(KerasInitException.class, () -> KerasModel.fromConfig(config, KerasModel.options()))
        .getMessage();
  }

  /** Keras: GlorotUniform cannot draw int32 weights of bounds below 1; the message says which weight. */
  @Test
  void anInitializersRefusalNamesTheWeight() {
    KerasModel model = oneLayer("Dense", "\"units\": 3, \"dtype\": \"int32\"", "[null, 4]");
    KerasInitException e = assertThrows(KerasInitException.class, model::materialize);
    assertTrue(e.getMessage().startsWith("weight s/x/kernel (int32): GlorotUniform: integer draws need minval < maxval"),
        e.getMessage());
  }

  @Test
  void aLayerWithoutAConfigIsNamedAsSuchNotAsNull() {
    assertEquals("a Dense layer whose config has no name: missing `units`", refusal("{\"class_name\":"
        + " \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"InputLayer\", \"config\":"
        + " {\"name\": \"in\", \"batch_input_shape\": [null, 4]}}, {\"class_name\": \"Dense\"}]}}"));
  }

  @Test
  void aLayerEntryIsQuotedAsTheJsonTheUserWrote() {
    String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": 5, \"config\": {\"name\": \"d\", \"units\": 3, \"a\": [1.5, null, true]}}]}}";
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) KerasJson.parse(json, "test");
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> KerasModel.fromConfig(config, KerasModel.options()));
    assertTrue(e.getMessage().endsWith("{\"class_name\": 5, \"config\": {\"name\": \"d\", \"units\": 3, \"a\": [1.5, null,"
        + " true]}}"), e.getMessage());
  }

  /** Keras: "Could not interpret activation function identifier: rleu" (regularizer, constraint alike). */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      Dense     | "units": 2, "activation": "rleu"                      | [null, 4]    | `activation` = "rleu": Keras could not interpret this activation function identifier; closest names: elu, glu, relu, celu
      Dense     | "units": 2, "activation": "Relu"                      | [null, 4]    | `activation` = "Relu"
      LSTM      | "units": 2, "recurrent_activation": "sigmod"          | [null, 3, 4] | `recurrent_activation` = "sigmod": Keras could not interpret this activation function identifier; closest names: sigmoid
      Dense     | "units": 2, "kernel_regularizer": "l3"                | [null, 4]    | `kernel_regularizer` = "l3": Keras could not interpret this regularizer identifier; closest names: L1, L2, l1, l2
      Conv1D    | "filters": 2, "kernel_size": 1, "bias_constraint": "maxnorm" | [null, 3, 4] | `bias_constraint` = "maxnorm": Keras could not interpret this constraint identifier; closest names: MaxNorm, max_norm, MinMaxNorm, UnitNorm
      """)
  void namesKerasCannotInterpretAreRefused(String cls, String config, String shape, String message) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> oneLayer(cls, config, shape));
    assertTrue(e.getMessage().contains("\"x\" (" + cls + "): " + message), e.getMessage());
  }

  @Test
  void namesKerasInterpretsAndCustomOnesAreTaken() {
    for (String config : new String[] {"\"activation\": \"gelu\", \"kernel_regularizer\": \"L2\","
        + " \"kernel_constraint\": \"MaxNorm\"", "\"activation\": \"my_package>my_act\"",
        "\"activation\": {\"class_name\": \"MyAct\", \"config\": {}}", "\"activation\": null"}) {
      assertEquals("[[4, 2], [2]]", shapes(oneLayer("Dense", "\"units\": 2, " + config, "[null, 4]")), config);
    }
    assertEquals("[]", shapes(oneLayer("Dropout", "\"rate\": 1.0", "[null, 4]")));
  }

  @Test
  void theLimitsThemselvesAreAccepted() {
    assertEquals("[[1, 1, 2, 2], [2]]", shapes(oneLayer("Conv2D", "\"filters\": 2, \"kernel_size\": 1, \"groups\": 2",
        "[null, 8, 8, 4]")));
    assertEquals("[[4], [4]]", shapes(oneLayer("GroupNormalization", "\"groups\": -1", "[null, 4]")));
    assertEquals("[[3, 3, 2, 4], [2]]", shapes(oneLayer("Conv2DTranspose",
        "\"filters\": 2, \"kernel_size\": 3, \"strides\": 2, \"output_padding\": 0", "[null, 8, 8, 4]")));
    assertEquals("[[4, 1], [1]]", shapes(oneLayer("Dense", "\"units\": 1", "[null, 4]")));
  }

  private static String shapes(KerasModel model) {
    return model.weights().stream().map(WeightSpec::shape).map(java.util.Arrays::toString).toList().toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      a/b      | '/'
      /        | '/'
      a\\u0000b | a NUL character
      """)
  void layerNamesWithASlashOrNulAreRefused(String name, String problem) { // the JSON escape \\u0000 parses to NUL
    String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", \"units\": 2,"
        + " \"batch_input_shape\": [null, 4]}}]}}";
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) KerasJson.parse(json, "test");
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> KerasModel.fromConfig(config, KerasModel.options()));
    assertTrue(e.getMessage().contains("contains " + problem) && e.getMessage().contains("(Dense)"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void aModelNameWithASlashIsRefusedAndDotsAreAcceptedAsKerasDoes() {
    String model = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"%s\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 4]}},"
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"%s\", \"units\": 2}}]}}";
    @SuppressWarnings("unchecked")
    Map<String, Object> slash = (Map<String, Object>) KerasJson.parse(String.format(model, "m/x", "d"), "test");
    KerasInitException e = assertThrows(KerasInitException.class, () -> KerasModel.fromConfig(slash,
        KerasModel.options()));
    assertTrue(e.getMessage().contains("\"m/x\" (Sequential) contains '/'"), e.getMessage());
    // Keras 3.15.1 accepts Dense(2, name=".."); without a build_config the Sequential builds it in its own scope
    @SuppressWarnings("unchecked")
    Map<String, Object> dots = (Map<String, Object>) KerasJson.parse(String.format(model, "m", ".."), "test");
    assertEquals("m/../kernel", KerasModel.fromConfig(dots, KerasModel.options()).weights().get(0).path());
  }
}
