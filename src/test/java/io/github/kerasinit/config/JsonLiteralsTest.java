package io.github.kerasinit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Non-finite literals: exactly those Python's json.loads reads (checked with Python 3.11's json). */
class JsonLiteralsTest {
  @Test
  void pythonsNonFiniteLiteralsAreRead() {
    assertEquals(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
        KerasJson.parse("[NaN, Infinity, -Infinity, 1e400]", "test"));
  }

  /** json.loads("[+INF]") and the others raise "Expecting value"; Jackson's non-numeric mode reads the first three. */
  @ParameterizedTest
  @ValueSource(strings = {"+INF", "-INF", "+Infinity", "INF", "inf", "+NaN", "-NaN", "nan", "Inf"})
  void otherSpellingsAreRefused(String literal) {
    KerasInitException e = refused(literal);
    if (List.of("+INF", "-INF", "+Infinity").contains(literal)) {
      assertTrue(e.getMessage().contains("'" + literal + "': json.loads reads NaN, Infinity and -Infinity only"),
          e.getMessage());
    }
  }

  private static KerasInitException refused(String literal) {
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> KerasJson.parse("{\"class_name\": \"Constant\", \"config\": {\"value\": " + literal + "}}", "--config"));
    assertTrue(e.getMessage().startsWith("--config is not valid JSON"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e;
  }
}
