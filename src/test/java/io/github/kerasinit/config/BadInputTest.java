package io.github.kerasinit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.Shape;

/**
 * The rows of the README's bad-input table that are not covered by the parity goldens or the other tests: where
 * Keras 3.15.1 accepts something we refuse (or the reverse), the row says so and this test pins our side.
 */
class BadInputTest {

  private static KerasInitException rejected(String json) {
    return assertThrows(KerasInitException.class, () -> Initializers.deserialize(json), json);
  }

  private static void assertMentions(KerasInitException e, String... fragments) {
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "\"" + f + "\" missing from: " + e.getMessage());
    }
  }

  /** Python's bool is an int, so Keras reads {@code stddev: true} as 1; a bool for a number is a typo here. */
  @ParameterizedTest(name = "{0}({1}=true)")
  @CsvSource(delimiter = '|', textBlock = """
      RandomNormal    | stddev
      RandomNormal    | mean
      VarianceScaling | scale
      Orthogonal      | gain
      RandomUniform   | minval
      TruncatedNormal | stddev
      Identity        | gain
      """)
  void aBooleanWhereANumberIsExpectedIsRefused(String initializer, String argument) {
    KerasInitException e = rejected("{\"class_name\": \"" + initializer + "\", \"config\": {\"" + argument
        + "\": true}}");
    assertMentions(e, "`" + argument + "` = true (a boolean)", "a number");
  }

  /**
   * Keras accepts NaN and +Infinity scale and returns NaN/infinite weights; -Infinity fails its scale check. A
   * Constant's NaN value is accepted as Keras does: filling with NaN is what it literally asks for.
   */
  @ParameterizedTest(name = "{0}({1}={2})")
  @CsvSource(delimiter = '|', textBlock = """
      VarianceScaling | scale  | NaN
      VarianceScaling | scale  | Infinity
      VarianceScaling | scale  | -Infinity
      RandomNormal    | mean   | -Infinity
      RandomNormal    | stddev | NaN
      RandomUniform   | minval | NaN
      Orthogonal      | gain   | Infinity
      """)
  void nonFiniteArgumentsAreRefused(String initializer, String argument, String value) {
    KerasInitException e = rejected("{\"class_name\": \"" + initializer + "\", \"config\": {\"" + argument
        + "\": " + value + "}}");
    assertMentions(e, "`" + argument + "` = " + value, "finite");
  }

  /** Each row: the seed as JSON, and what the error must say about it. */
  @ParameterizedTest(name = "seed {0}")
  @CsvSource(delimiter = '|', textBlock = """
      "abc"                | "abc" (a string)
      1e30                 | 1e+30
      2.5                  | 2.5
      {"a": 1}             | SeedGenerator
      -9223372036854775809 | int64
      [3]                  | (a list)
      """)
  void absurdSeedsAreRefusedNamingTheValue(String seed, String mentioned) {
    KerasInitException e = rejected("{\"class_name\": \"GlorotNormal\", \"config\": {\"seed\": " + seed + "}}");
    assertMentions(e, "`seed`", mentioned);
  }

  /** Keras accepts both; the parity goldens hold their exact bytes (cases.py), this pins what the values mean. */
  @Test
  void reversedBoundsAndNegativeStddevAreAcceptedAsKerasDoes() {
    double[] u = TestTensors.eager(Initializers.deserialize(
        "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": 2, \"maxval\": 1, \"seed\": 3}}"),
        Shape.of(1000), DType.FLOAT64, 1).doubles();
    for (double x : u) {
      assertTrue(x > 1 && x <= 2, "minval + (maxval - minval) * U lies in (1, 2]: " + x);
    }
    double[] pos = TestTensors.eager(Initializers.deserialize(
        "{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": 1.0, \"seed\": 3}}"), Shape.of(64),
        DType.FLOAT64, 1).doubles();
    double[] neg = TestTensors.eager(Initializers.deserialize(
        "{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": -1.0, \"seed\": 3}}"), Shape.of(64),
        DType.FLOAT64, 1).doubles();
    for (int i = 0; i < pos.length; i++) {
      assertEquals(-pos[i], neg[i], 0.0, "a negative stddev mirrors the draw");
    }
  }

  @Test
  void hugeJsonIsRefusedBeforeItIsBuilt() {
    String longString = "{\"class_name\": \"Zeros\", \"config\": {\"x\": \"" + "a".repeat(20_000_001) + "\"}}";
    assertMentions(rejected(longString), "is beyond what keras-init reads", "String value length", "20000000");
    KerasInitException constant = rejected("{\"class_name\": \"Constant\", \"config\": {\"value\": \""
        + "v".repeat(1_000_000) + "\"}}");
    assertTrue(constant.getMessage().length() < 2_000, "a bad value is abbreviated: " + constant.getMessage());
    String longName = "x".repeat(100_000);
    KerasInitException e = assertThrows(KerasInitException.class, () -> Initializers.get(longName));
    assertTrue(e.getMessage().length() < 2_000, "an unknown name is not echoed in full: " + e.getMessage().length());
    assertMentions(e, "xxxx... (100000 characters)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"int8", "string", "complex64", "float8_e4m3fn", "uint32", "float128", "Float32", "float", "int", " float32", ""})
  void unsupportedDtypesListTheSupportedOnes(String name) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> DType.of(name));
    assertMentions(e, "\"" + name + "\"", "float32", "bfloat16");
  }

  @Test
  void randomInitializersRefuseIntegerDtypesAsKerasDoes() {
    KerasInitializer normal = Initializers.get("random_normal");
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> TestTensors.eager(normal, Shape.of(2), DType.INT32, 1));
    assertMentions(e, "int32");
  }
}
