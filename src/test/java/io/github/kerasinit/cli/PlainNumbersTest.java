package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PlainNumbers prints what String.format(Locale.ROOT, ...) does, checked against the Formatter itself. */
class PlainNumbersTest {
  @Test
  void groupedIsWhatCommaDPrints() {
    List<Long> ns = new ArrayList<>(List.of(0L, 1L, -1L, 12L, 123L, 999L, 1000L, -1000L, 999_999L, 1_000_000L,
        -123_456L, 25_636_712L, 102_546_848L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
    Random random = new Random(19);
    for (int i = 0; i < 100_000; i++) {
      ns.add(random.nextLong() >> random.nextInt(64));
    }
    for (long n : ns) {
      assertEquals(String.format(Locale.ROOT, "%,d", n), PlainNumbers.grouped(n), "n = " + n);
    }
  }

  @Test
  void fixedIsWhatPointNfPrints() {
    List<Double> xs = new ArrayList<>(List.of(0.0, -0.0, 0.005, 0.015, 0.125, -0.125, 2.675, 0.64, 1e-9, -1e-9,
        123_456.785, Double.MIN_VALUE, -Double.MIN_VALUE, 1.0, -1.0, 3.0, -7.0, 1e14, -1e14, 999_999_999_999_999.0,
        1e15, 1e16, -1e16, 4.5e15, 0.000005, -0.000005, 0.123455, 21474.836475, 21474.836485, 1e-300, 0.00001,
        0.999995, -0.999995, 9.999995, 0.0246789, -0.00024));
    Random random = new Random(20);
    for (int i = 0; i < 100_000; i++) {
      double x = random.nextDouble() * Math.pow(10, random.nextInt(12) - 6) * (random.nextBoolean() ? 1 : -1);
      xs.add(x);
      xs.add(Math.floor(x * 100) / 100 + 0.005); // near a tie of the second decimal
      double tie = Math.floor(x * 1e5) / 1e5 + 5e-6; // near a tie of the fifth decimal, and a few ulps either side
      xs.add(tie);
      xs.add(Math.nextUp(tie));
      xs.add(Math.nextDown(tie));
      xs.add(tie + 3e-12 * (random.nextBoolean() ? 1 : -1) * Math.max(1, Math.abs(x)));
      xs.add((double) Math.round(x)); // an integer, the fast path
    }
    for (double x : xs) {
      for (int decimals : new int[] {0, 2, 5}) {
        assertEquals(String.format(Locale.ROOT, "%." + decimals + "f", x), PlainNumbers.fixed(x, decimals),
            "x = " + x + ", " + decimals + " decimals");
      }
    }
  }
}
