package io.github.kerasinit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's repr(float), with the expected strings as CPython 3.11 printed them. */
class PythonFloatsTest {
  @ParameterizedTest
  @CsvSource({
    "0.05, 0.05", "-0.05, -0.05", "1.0, 1.0", "0.0, 0.0", "-0.0, -0.0", "1e-05, 1e-05", "0.0001, 0.0001",
    "1e16, 1e+16", "1e15, 1000000000000000.0", "123456789012345.6, 123456789012345.6",
    "0.3333333333333333, 0.3333333333333333", "2.5e-08, 2.5e-08", "1.7976931348623157e308, 1.7976931348623157e+308",
    "5e-324, 5e-324", "0.30000000000000004, 0.30000000000000004", "100.0, 100.0", "1e22, 1e+22", "-2.7, -2.7",
    "0.87962566103423978, 0.8796256610342398", "65504.0, 65504.0"
  })
  void matchesCPython(double value, String python) {
    assertEquals(python, PythonFloats.repr(value));
  }
}
