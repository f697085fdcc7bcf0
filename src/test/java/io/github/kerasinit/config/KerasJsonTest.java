package io.github.kerasinit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One JSON document per input, as Python's json reads it. */
class KerasJsonTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"class_name\": \"Zeros\"} garbage",
      "{\"class_name\": \"Zeros\"}\n{\"class_name\": \"Ones\"}",
      "{\"class_name\": \"Zeros\"}}",
      "{\"class_name\": \"Zeros\"} 1",
      "[1, 2] [3]",
      "\"zeros\" \"ones\"",
      "{\"class_name\": \"Zeros\"}\u0000",
      "1 2"})
  void refusesDataAfterTheFirstValueAsPythonDoes(String json) {
    for (boolean stream : new boolean[] {false, true}) {
      KerasInitException e = assertThrows(KerasInitException.class, () -> parse(json, stream));
      assertTrue(e.getMessage().startsWith("m.json is not valid JSON: extra data after the first value (line "),
          e.getMessage());
      assertTrue(e.getMessage().contains("Extra data"), e.getMessage());
    }
  }

  private static Object parse(String json, boolean stream) {
    return stream ? KerasJson.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "m.json")
        : KerasJson.parse(json, "m.json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"class_name\": \"Zeros\"}", "  {\"class_name\": \"Zeros\"} \n\t\r\n ",
      "\n{\"class_name\": \"Zeros\"}\n\n"})
  void whitespaceAroundTheValueIsFine(String json) {
    assertEquals(Map.of("class_name", "Zeros"), KerasJson.parse(json, "m.json"));
    assertEquals(Map.of("class_name", "Zeros"),
        KerasJson.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "m.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n"})
  void emptyInputIsNotJson(String json) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> KerasJson.parse(json, "m.json"));
    assertTrue(e.getMessage().startsWith("m.json is not valid JSON"), e.getMessage());
  }

  /** Jackson's messages name its API (features, getters, a hidden source); the user sees the facts only. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      [1,2                  | m.json is not valid JSON: Unexpected end-of-input: expected close marker for Array (start marker at line 1, column 1) (line 1, column 5)
      {"a": +1}             | numbers to have plus signs (line 1, column 8)
      {"a": nan}            | Unrecognized token 'nan': was expecting (JSON String, Number (or NaN, Infinity, -Infinity), Array
      """)
  void syntaxErrorsNameNoParserApi(String json, String message) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> KerasJson.parse(json, "m.json"));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    for (String api : new String[] {"Source:", "REDACTED", "Feature", "enable", "INF", "from `"}) {
      assertTrue(!e.getMessage().contains(api), api + " in: " + e.getMessage());
    }
  }

  /** What Python's json reads is read; past a limit is said to be a limit, not "not valid JSON". */
  @org.junit.jupiter.api.Test
  void limitsAreNamedAsLimitsAndPythonsAreKept() {
    String longFloat = "0.2" + "0".repeat(5000);
    assertEquals(0.2, KerasJson.parse("{\"rate\": " + longFloat + "}", "m.json") instanceof Map<?, ?> m
        ? m.get("rate") : null);
    String nested = "[".repeat(KerasJson.MAX_NESTING) + "]".repeat(KerasJson.MAX_NESTING);
    KerasJson.parse(nested, "m.json"); // Python's json reads this deep too
    KerasInitException deep = assertThrows(KerasInitException.class, () -> KerasJson.parse("[" + nested + "]",
        "m.json"));
    assertTrue(deep.getMessage().startsWith("m.json is beyond what keras-init reads: Document nesting depth (1001)"
        + " exceeds the maximum allowed (1000)"), deep.getMessage());
    String digits = "7".repeat(KerasJson.MAX_INT_DIGITS);
    assertEquals(new java.math.BigInteger("-" + digits), KerasJson.parse("-" + digits, "m.json"));
    KerasInitException big = assertThrows(KerasInitException.class, () -> KerasJson.parse(digits + "7", "m.json"));
    assertTrue(big.getMessage().contains("Exceeds the limit (4300 digits) for integer string conversion: value has"
        + " 4301 digits"), big.getMessage()); // CPython 3.11's json.loads: the same words
  }
}
