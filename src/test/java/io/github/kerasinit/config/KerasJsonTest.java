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
}
