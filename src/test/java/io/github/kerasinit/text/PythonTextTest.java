package io.github.kerasinit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.catalog.RandomNormal;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.random.Seed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's repr(float) and the other formats, with the expected strings as CPython 3.11 printed them. */
class PythonTextTest {
  @ParameterizedTest
  @CsvSource({
    "0.05, 0.05", "-0.05, -0.05", "1.0, 1.0", "0.0, 0.0", "-0.0, -0.0", "1e-05, 1e-05", "0.0001, 0.0001",
    "1e16, 1e+16", "1e15, 1000000000000000.0", "123456789012345.6, 123456789012345.6",
    "0.3333333333333333, 0.3333333333333333", "2.5e-08, 2.5e-08", "1.7976931348623157e308, 1.7976931348623157e+308",
    "5e-324, 5e-324", "0.30000000000000004, 0.30000000000000004", "100.0, 100.0", "1e22, 1e+22", "-2.7, -2.7",
    "0.87962566103423978, 0.8796256610342398", "65504.0, 65504.0"
  })
  void matchesCPython(double value, String python) {
    assertEquals(python, PythonText.floatRepr(value));
  }

  /** json.dumps's default ensure_ascii, as CPython 3.11 printed json.dumps(["é", "a\nb\t\"\\", "\x7f\x01", "😀"]). */
  @Test
  void jsonAsciiStringAsJsonDumps() {
    assertEquals("\"\\u00e9\"", PythonText.jsonAsciiString("\u00e9"));
    assertEquals("\"a\\nb\\t\\\"\\\\\"", PythonText.jsonAsciiString("a\nb\t\"\\"));
    assertEquals("\"\\u007f\\u0001\"", PythonText.jsonAsciiString("\u007f\u0001"));
    assertEquals("\"\\ud83d\\ude00\"", PythonText.jsonAsciiString("\ud83d\ude00"));
    assertEquals("\"x_00000.weights.h5\"", PythonText.jsonAsciiString("x_00000.weights.h5"));
  }

  /** A comma-decimal or Turkish default locale changes nothing (Java's String.format would write "3,3e-01"). */
  @Test
  void independentOfTheLocale() {
    Locale before = Locale.getDefault();
    try {
      for (Locale locale : List.of(Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("tr-TR"))) {
        Locale.setDefault(locale);
        assertEquals("0.3333333333333333", PythonText.floatRepr(1.0 / 3), locale.toString());
        assertEquals("glorot_uniform", PythonText.snakeCase("GlorotUniform"), locale.toString());
        assertEquals("{\"module\":\"keras.initializers\",\"class_name\":\"RandomNormal\",\"config\":{\"seed\":1,"
            + "\"mean\":0.0,\"stddev\":0.12},\"registered_name\":null}",
            Initializers.toJson(new RandomNormal(0.0, 0.12, Seed.of(1))), locale.toString());
      }
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void reprAsPythonPrintsIt() {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("seed", null);
    kwargs.put("mode", "fan_in");
    kwargs.put("scale", 2L);
    kwargs.put("stddev", 1e-5);
    kwargs.put("on", true);
    kwargs.put("axes", List.of(0L, 1L));
    assertEquals("F(seed=None, mode='fan_in', scale=2, stddev=1e-05, on=True, axes=[0, 1])", PythonText.call("F",
        kwargs));
    Map<String, Object> generator = new LinkedHashMap<>();
    generator.put("seed", 7L);
    generator.put("name", "sg");
    assertEquals("SeedGenerator(seed=7, name='sg')", PythonText.repr(Map.of("class_name", "SeedGenerator", "config",
        generator)));
    // toString and JSON agree on Keras' float format (toString used Java's 1.0E-5 before)
    assertEquals("RandomNormal(seed=1, mean=0.0, stddev=1e-05)", new RandomNormal(0.0, 1e-5, Seed.of(1)).toString());
  }

  @Test
  void jsonAsTheUserWroteIt() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", "a\"b\\c\n");
    config.put("units", new java.math.BigInteger("18446744073709551621"));
    config.put("rates", java.util.Arrays.asList(1e-5, Double.NaN, Double.NEGATIVE_INFINITY, null, false, 3L));
    assertEquals("{\"name\": \"a\\\"b\\\\c\\u000a\", \"units\": 18446744073709551621, \"rates\": [1e-05, NaN,"
        + " -Infinity, null, false, 3]}", PythonText.json(config));
  }

  @Test
  void snakeCaseAndAbbreviate() {
    assertEquals("stft", PythonText.snakeCase("STFT"));
    assertEquals("he_normal", PythonText.snakeCase("HeNormal"));
    assertEquals("batch_normalization", PythonText.snakeCase("BatchNormalization"));
    assertEquals("x".repeat(200) + "... (250 characters)", PythonText.abbreviate("x".repeat(250)));
    assertEquals("short", PythonText.abbreviate("short"));
  }
}
