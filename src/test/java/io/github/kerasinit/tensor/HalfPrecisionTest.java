package io.github.kerasinit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** float64 to float16 rounding, checked on every float16 value and every midpoint between neighbours. */
class HalfPrecisionTest {

  @Test
  void everyHalfRoundTripsAndMidpointsRoundToEven() {
    for (int bits = 0; bits < 0x7c00; bits++) { // all finite non-negative halves
      double v = HalfPrecision.halfBitsToDouble((short) bits);
      assertEquals(bits, HalfPrecision.doubleToHalfBits(v) & 0xffff, "round trip of " + v);
      assertEquals(bits | 0x8000, HalfPrecision.doubleToHalfBits(-v) & 0xffff, "round trip of " + -v);
      double next = bits + 1 < 0x7c00 ? HalfPrecision.halfBitsToDouble((short) (bits + 1)) : 65536.0;
      double mid = (v + next) / 2; // exact in double
      int even = (bits & 1) == 0 ? bits : bits + 1;
      assertEquals(even, HalfPrecision.doubleToHalfBits(mid) & 0xffff, "midpoint above " + v);
      assertEquals(bits + 1, HalfPrecision.doubleToHalfBits(Math.nextUp(mid)) & 0xffff, "just above midpoint " + v);
      assertEquals(bits, HalfPrecision.doubleToHalfBits(Math.nextDown(mid)) & 0xffff, "just below midpoint " + v);
    }
    assertEquals(0x7c00, HalfPrecision.doubleToHalfBits(1e9) & 0xffff);
    assertEquals(0x7e00, HalfPrecision.doubleToHalfBits(Double.NaN) & 0xffff);
  }

  @Test
  void bfloat16RoundsToNearestEven() {
    assertEquals(0x3f80, HalfPrecision.floatToBfloat16Bits(1.0f + 0x1p-8f) & 0xffff); // tie -> even
    assertEquals(0x3f82, HalfPrecision.floatToBfloat16Bits(1.0f + 0x1p-8f * 3) & 0xffff); // tie -> even (up)
    assertEquals(0x3f81, HalfPrecision.floatToBfloat16Bits(1.0f + 0x1p-8f + 0x1p-20f) & 0xffff);
  }
}
