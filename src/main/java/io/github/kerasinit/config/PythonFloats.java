package io.github.kerasinit.config;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}: the shortest digits that read back to the same double, in fixed notation for
 * decimal exponents -4..15 and as {@code 1e-05} / {@code 1e+16} otherwise. JSON written this way reads like the
 * JSON Python Keras writes. (Java 17's {@code Double.toString} is not always shortest and formats differently.)
 */
public final class PythonFloats {
  private PythonFloats() {}

  public static String repr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = shortest.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "");
    String exp = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    return sign + mantissa + "e" + exp;
  }

  /** The shortest decimal that parses back to {@code d}, without trailing zeros. */
  private static BigDecimal shortest(double d) {
    for (int precision = 1; precision <= 17; precision++) {
      String s = String.format("%." + (precision - 1) + "e", d);
      if (Double.parseDouble(s) == d) {
        return new BigDecimal(s).stripTrailingZeros();
      }
    }
    return new BigDecimal(d).stripTrailingZeros();
  }
}
