package io.github.kerasinit.model;

import static io.github.kerasinit.model.KerasBuildRulesTest.keras3Sequential;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.WeightSpec;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Lambda's output shape, which keras-init cannot get by running its Python function: from its {@code output_shape}
 * as Keras' {@code Lambda.compute_output_shape} reads it, or in a Keras 3 Sequential from the shapes the next layer
 * records it was built with. Every expected shape and refusal is what Keras 3.15.1's {@code model_from_json} did with
 * the same config (unsafe deserialization enabled, as Keras requires for a Lambda's bytecode).
 */
class LambdaOutputShapeTest {
  private static final String LAMBDA = "Lambda | \"function\": {\"class_name\": \"__lambda__\", \"config\": {\"code\":"
      + " \"4wEAAAA=\", \"defaults\": null, \"closure\": null}}";

  private static String shapes(KerasModel model) {
    return model.weights().stream().map(WeightSpec::shape).map(Arrays::toString).toList().toString();
  }

  /** The output is the batch dim and {@code output_shape}'s dims, even where they are not what the function gives. */
  @ParameterizedTest(name = "output_shape {0} then {1}")
  @CsvSource(delimiter = '|', textBlock = """
      [4]    | Dense   | [[4, 2], [2]]
      [5]    | Dense   | [[5, 2], [2]]
      [2, 2] | Flatten | [[4, 2], [2]]
      [3, 2] | LSTM    | [[2, 8], [2, 8], [8]]
      """)
  void outputShapeGivesTheShape(String outputShape, String next, String expected) {
    String[] rest = next.equals("Flatten") ? new String[] {"Flatten", "Dense | \"units\": 2"}
        : new String[] {next + " | \"units\": 2"};
    String[] layers = new String[rest.length + 1];
    layers[0] = LAMBDA + ", \"output_shape\": " + outputShape;
    System.arraycopy(rest, 0, layers, 1, rest.length);
    assertEquals(expected, shapes(keras3Sequential("[null, 4]", layers)));
  }

  /**
   * What Keras fails on: a float, string or negative dim, an int for the list, several shapes (Keras 3 makes only a
   * flat list a shape). Keras takes {@code true} as the dim 1; keras-init refuses a bool where an int is meant
   * (docs/reliability.md).
   */
  @ParameterizedTest(name = "output_shape {0}")
  @CsvSource(delimiter = '|', textBlock = """
      [4.0]      | has the dim 4.0
      ["4"]      | has the dim "4" (a string)
      [-1]       | has the dim -1
      [true]     | has the dim true (a boolean)
      4          | `output_shape` = 4; expected a list
      [[4]]      | lists several shapes
      [[3], [3]] | lists several shapes
      """)
  void malformedOutputShapesAreRefused(String outputShape, String expected) {
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> keras3Sequential("[null, 4]", LAMBDA + ", \"output_shape\": " + outputShape, "Dense | \"units\": 2"));
    assertTrue(e.getMessage().contains("\"x\" (Lambda)") && e.getMessage().contains(expected), e.getMessage());
  }

  /** Without output_shape, a Keras 3 Sequential's next layer records the shape Keras got by running the function. */
  @Test
  void aSequentialTakesTheShapeTheNextLayerRecords() {
    assertEquals("[[4, 2], [2]]", shapes(sequential(", \"build_config\": {\"input_shape\": [null, 4]}")));
  }

  /** Neither given nor recorded: an error naming the Lambda and what would give its shape. */
  @Test
  void anUnknownShapeNamesTheLambdaAndItsOutputShapeArgument() {
    KerasInitException e = assertThrows(KerasInitException.class, () -> sequential(""));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("layer \"lam\" (Lambda) is unknown") && e.getMessage().contains("`output_shape`")
        && e.getMessage().contains("layer \"dense\" (Dense) after it"), e.getMessage());
  }

  /** A Keras 2 Sequential's Lambda: output_shape_type "raw" is the shape; "lambda" is bytecode, so unknown. */
  @Test
  void keras2OutputShapeTypes() {
    assertEquals("[[3, 2], [2]]", shapes(keras2Sequential("\"raw\"", "[3]")));
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> keras2Sequential("\"lambda\"", "\"4wEAAAA=\""));
    assertTrue(e.getMessage().contains("layer \"lam\" (Lambda) is unknown"), e.getMessage());
  }

  /** Input [null, 4], a Lambda without output_shape, then a Dense with {@code denseExtra} in its envelope. */
  @SuppressWarnings("unchecked")
  private static KerasModel sequential(String denseExtra) {
    String json = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\","
        + " \"batch_shape\": [null, 4]}},"
        + " {\"module\": \"keras.layers\", \"class_name\": \"Lambda\", \"config\": {\"name\": \"lam\", \"function\":"
        + " {\"class_name\": \"__lambda__\", \"config\": {\"code\": \"4wEAAAA=\", \"defaults\": null, \"closure\":"
        + " null}}}},"
        + " {\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2}"
        + denseExtra + "}]}}";
    return KerasModel.fromConfig((Map<String, Object>) KerasJson.parse(json, "test"), KerasModel.options().seed(1));
  }

  @SuppressWarnings("unchecked")
  private static KerasModel keras2Sequential(String outputShapeType, String outputShape) {
    String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"lam\", \"batch_input_shape\": [null, 4],"
        + " \"function\": [\"4wEAAAA=\", null, null], \"function_type\": \"lambda\", \"module\": \"__main__\","
        + " \"output_shape\": " + outputShape + ", \"output_shape_type\": " + outputShapeType + ","
        + " \"output_shape_module\": null, \"arguments\": {}}},"
        + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2}}]},"
        + " \"keras_version\": \"2.4.0\", \"backend\": \"tensorflow\"}";
    return KerasModel.fromConfig((Map<String, Object>) KerasJson.parse(json, "test"), KerasModel.options().seed(1));
  }
}
