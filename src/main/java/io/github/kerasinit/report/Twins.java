package io.github.kerasinit.report;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts units that are twins: two units of one layer with bit-identical incoming weights, activations and gradients.
 * Gradient descent gives twins identical updates, so they stay twins: the layer works as if it had fewer units.
 */
final class Twins {
  private Twins() {}

  /**
   * The fraction of {@code units} that have at least one twin. Arrays are row-major with units as the last axis:
   * {@code activations} and {@code gradients} are [batch, units], {@code kernel} and {@code kernelGrads} are
   * [fanIn, units]. A unit with a non-finite value has no twin (NaN is not a value two units share).
   */
  static double fraction(int units, double[] activations, double[] gradients, double[] kernel, double[] kernelGrads) {
    Map<Column, Integer> counts = new HashMap<>();
    Column[] columns = new Column[units];
    for (int u = 0; u < units; u++) {
      long[] bits = column(u, units, activations, gradients, kernel, kernelGrads);
      columns[u] = bits == null ? null : new Column(bits);
      if (columns[u] != null) {
        counts.merge(columns[u], 1, Integer::sum);
      }
    }
    int twins = 0;
    for (Column c : columns) {
      if (c != null && counts.get(c) > 1) {
        twins++;
      }
    }
    return (double) twins / units;
  }

  private static long[] column(int unit, int units, double[]... arrays) {
    int length = 0;
    for (double[] a : arrays) {
      length += a.length / units;
    }
    long[] bits = new long[length];
    int k = 0;
    for (double[] a : arrays) {
      for (int i = unit; i < a.length; i += units) {
        if (!Double.isFinite(a[i])) {
          return null;
        }
        bits[k++] = Double.doubleToLongBits(a[i] + 0.0); // + 0.0: -0.0 and 0.0 are the same value here
      }
    }
    return bits;
  }

  /** A column's bits, compared by content. */
  private record Column(long[] bits) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Column c && Arrays.equals(bits, c.bits);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bits);
    }
  }
}
