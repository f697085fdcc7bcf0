package io.github.kerasinit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Twin units: identical columns of every array, bit for bit; non-finite units have no twin. */
class TwinsTest {
  @Test
  void countsUnitsWithAnIdenticalNeighbour() {
    // 3 units, batch 2, fan-in 1: units 0 and 2 identical everywhere, unit 1 differs in one activation
    double[] h = {1, 1, 1, 2, 5, 2};
    double[] dh = {0.5, 0.5, 0.5, 0.25, 0.25, 0.25};
    double[] w = {3, 3, 3};
    double[] dw = {0, 0, 0};
    assertEquals(2.0 / 3, Twins.fraction(3, h, dh, w, dw));
  }

  @Test
  void oneDifferingWeightOrGradientMakesUnitsDistinct() {
    double[] same = {1, 1};
    assertEquals(1.0, Twins.fraction(2, same, same, same, same));
    assertEquals(0.0, Twins.fraction(2, same, same, new double[] {1, 1.0000001}, same));
    assertEquals(0.0, Twins.fraction(2, same, new double[] {0, -1e-300}, same, same));
  }

  @Test
  void signedZerosAreTheSameValueAndNanHasNoTwin() {
    double[] one = {1, 1};
    assertEquals(1.0, Twins.fraction(2, new double[] {0.0, -0.0}, one, one, one));
    assertEquals(0.0, Twins.fraction(2, new double[] {Double.NaN, Double.NaN}, one, one, one));
  }

  @Test
  void stdIsThePopulationStdAndKeepsOverflowVisible() {
    assertEquals(2.0, Moments.std(new double[] {2, 4, 4, 4, 5, 5, 7, 9}), 1e-15);
    assertEquals(0.0, Moments.std(new double[] {1e30, 1e30}));
    assertEquals(Double.POSITIVE_INFINITY, Moments.std(new double[] {1, Double.POSITIVE_INFINITY}));
    assertEquals(Double.NaN, Moments.std(new double[] {1, Double.NaN}));
  }
}
