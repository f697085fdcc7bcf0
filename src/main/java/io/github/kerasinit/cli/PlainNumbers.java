package io.github.kerasinit.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as {@code String.format(Locale.ROOT, ...)} prints them, without a {@code Formatter}: its first use in a
 * process initializes the JDK's locale data (CLDR, {@code DecimalFormatSymbols}), which cost ResNet50's process 7-11
 * ms for the one summary line after its table. ASCII digits in every locale, as the table needs.
 */
final class PlainNumbers {
  private PlainNumbers() {}

  /**
   * What {@code %.Nf} prints for N = {@code decimals} (Java's Formatter rounds {@code Double.toString}'s digits half
   * up, and keeps the sign of a negative value that rounds to zero). Finite values only.
   */
  static String fixed(double x, int decimals) {
    if (x == (long) x && Math.abs(x) < 1e15) { // an integer, as most of a table's cells (zeros and ones): no rounding
      String digits = Long.toString(Math.abs((long) x));
      String sign = x < 0 || 1 / x < 0 ? "-" : "";
      return decimals == 0 ? sign + digits : sign + digits + "." + "0".repeat(decimals);
    }
    BigDecimal rounded = BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP);
    String digits = rounded.toPlainString();
    return rounded.signum() == 0 && (x < 0 || 1 / x < 0) ? "-" + digits : digits;
  }

  /** What {@code %,d} prints: a comma between every three digits. */
  static String grouped(long n) {
    String digits = Long.toString(n);
    int sign = n < 0 ? 1 : 0;
    int length = digits.length() - sign;
    StringBuilder out = new StringBuilder(digits.length() + length / 3).append(digits, 0, sign);
    for (int i = 0; i < length; i++) {
      if (i > 0 && (length - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(sign + i));
    }
    return out.toString();
  }
}
