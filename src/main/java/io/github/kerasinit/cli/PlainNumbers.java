package io.github.kerasinit.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as {@code String.format(Locale.ROOT, ...)} prints them, without a {@code Formatter}: its first use in a
 * process initializes the JDK's locale data (CLDR, {@code DecimalFormatSymbols}), which cost ResNet50's process 7-11
 * ms for the one summary line after its table. ASCII digits in every locale, as the table needs.
 */
final class PlainNumbers {
  private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};
  /**
   * Below 2^31 a product's rounding error, and the distance of {@code Double.toString}'s digits from the value, are
   * each at most about 2^-22 (2.4e-7) once scaled: well inside the margin.
   */
  private static final double FAST_LIMIT = 0x1p31;
  private static final double TIE_MARGIN = 1e-6;

  private PlainNumbers() {}

  /**
   * What {@code %.Nf} prints for N = {@code decimals} (Java's Formatter rounds {@code Double.toString}'s digits half
   * up, and keeps the sign of a negative value that rounds to zero). Finite values only.
   */
  static String fixed(double x, int decimals) {
    String sign = x < 0 || 1 / x < 0 ? "-" : "";
    if (x == (long) x && Math.abs(x) < 1e15) { // an integer, as most of a table's cells (zeros and ones): no rounding
      String digits = Long.toString(Math.abs((long) x));
      return decimals == 0 ? sign + digits : sign + digits + "." + "0".repeat(decimals);
    }
    if (decimals > 0 && decimals < POWERS_OF_TEN.length) {
      long scaled = scaledAwayFromTie(Math.abs(x), decimals);
      if (scaled >= 0) {
        long power = POWERS_OF_TEN[decimals];
        String fraction = Long.toString(power + scaled % power); // a leading 1, then the decimals zero-padded
        return sign + (scaled / power) + "." + fraction.substring(1);
      }
    }
    BigDecimal rounded = BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP);
    String digits = rounded.toPlainString();
    return rounded.signum() == 0 ? sign + digits : digits; // a nonzero negative has its own minus
  }

  /**
   * {@code v * 10^decimals} rounded half up as {@code Double.toString(v)}'s digits would round, or -1 where that
   * product lies within {@link #TIE_MARGIN} of a tie (or is too large), and only the exact decimal can say
   * (BigDecimal's path). Away from a tie the double product, {@code v} itself and its printed digits all lie on the
   * same side of it, so rounding the product gives the same digits, without the BigDecimal made from
   * {@code Double.toString}'s digits, which was about 4 of the 10 ms of ResNet50's table (profiled).
   */
  private static long scaledAwayFromTie(double v, int decimals) {
    double scaled = v * POWERS_OF_TEN[decimals];
    if (!(scaled < FAST_LIMIT)) {
      return -1;
    }
    double whole = Math.floor(scaled);
    double fraction = scaled - whole;
    if (Math.abs(fraction - 0.5) <= TIE_MARGIN) {
      return -1;
    }
    return (long) whole + (fraction > 0.5 ? 1 : 0);
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
