package io.github.kerasinit.report;

/** Population standard deviation, in double, two passes (no cancellation for large means). */
final class Moments {
  private Moments() {}

  /** NaN if a value is NaN, +inf if one is infinite: an overflow stays visible. */
  static double std(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    if (!Double.isFinite(mean)) {
      return Double.isNaN(mean) ? Double.NaN : Double.POSITIVE_INFINITY;
    }
    double squares = 0;
    for (double v : values) {
      double d = v - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / values.length);
  }
}
