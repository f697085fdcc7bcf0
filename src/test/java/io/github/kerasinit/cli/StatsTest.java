package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The table's streamed mean and std (per-chunk two-pass moments, merged) are the plain two-pass values of the whole
 * tensor up to rounding, whatever the parts and chunks, for the float32 path and the decoded one.
 */
class StatsTest {
  @Test
  void float64InChunksIsTheTwoPassValue() {
    double[] values = gaussians(3 * TensorBytes.CHUNK_BYTES / 8 + 5, 2, 1, 3); // three chunks and a tail
    Stats stats = new Stats();
    byte[] bytes = TensorBytes.fromDoubles(DType.FLOAT64, values);
    stats.add(DType.FLOAT64, DataBuffers.of(bytes, true, false));
    assertClose(twoPass(values), stats.meanStd());
  }

  @Test
  void float32FromATensorInUnevenPartsIsTheTwoPassValue() {
    double[] values = gaussians(2 * TensorBytes.CHUNK_BYTES / 4 + 7, 0.5, 3, 5); // two float chunks and a tail
    float[] floats = new float[values.length];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) values[i];
      values[i] = floats[i];
    }
    double[] expected = twoPass(values);
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(floats.length), DataBuffers.of(floats))) {
      Stats whole = new Stats();
      whole.add(DType.FLOAT32, TensorBytes.data(t));
      assertClose(expected, whole.meanStd());
      Stats parts = new Stats(); // parts as a sliced weight streams them: not chunk-aligned, the last one short
      long bytes = TensorBytes.data(t).size();
      for (long at = 0; at < bytes; at += 4 * 100_003) {
        parts.add(DType.FLOAT32, TensorBytes.data(t).slice(at, Math.min(4 * 100_003, bytes - at)));
      }
      assertClose(expected, parts.meanStd());
    }
  }

  /** A part of many chunks (summed on two threads) gives the bits of the same chunks added one part each, in order. */
  @Test
  void aPartOfManyChunksHasTheBitsOfItsChunksAddedInOrder() {
    int chunk = Stats.FLOAT_CHUNK;
    double[] values = gaussians(5 * chunk + 11, -0.25, 0.75, 7);
    float[] floats = new float[values.length];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) values[i];
    }
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(floats.length), DataBuffers.of(floats))) {
      Stats whole = new Stats();
      whole.add(DType.FLOAT32, TensorBytes.data(t));
      Stats chunks = new Stats();
      long bytes = TensorBytes.data(t).size();
      for (long at = 0; at < bytes; at += 4L * chunk) {
        chunks.add(DType.FLOAT32, TensorBytes.data(t).slice(at, Math.min(4L * chunk, bytes - at)));
      }
      assertArrayEquals(chunks.meanStd(), whole.meanStd());
      assertClose(twoPass(toDoubles(floats)), whole.meanStd());
    }
  }

  private static double[] toDoubles(float[] floats) {
    double[] d = new double[floats.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = floats[i];
    }
    return d;
  }

  /** A tensor's float32 values, whole or sliced, are read in place; a Java array's go through the decoded path. */
  @Test
  void float32IsReadInPlaceFromATensorAndDecodedFromAnArray() {
    double[] values = gaussians(3 * Stats.FLOAT_CHUNK + 3, 1.5, 0.25, 11);
    float[] floats = new float[values.length];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) values[i];
      values[i] = floats[i];
    }
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(floats.length), DataBuffers.of(floats))) {
      assertTrue(NativeFloats.address(TensorBytes.data(t)) >= 0, "a tensor's floats are native memory");
      assertTrue(NativeFloats.address(TensorBytes.data(t).slice(4, 400)) >= 0, "and a slice of them");
      byte[] bytes = TensorBytes.of(t);
      ByteDataBuffer onHeap = DataBuffers.of(bytes, true, false);
      assertEquals(-1, NativeFloats.address(onHeap), "a Java array's floats are not");
      Stats heap = new Stats();
      heap.add(DType.FLOAT32, onHeap);
      assertClose(twoPass(values), heap.meanStd());
      Stats slice = new Stats(); // the in-place read of a slice starts at the slice, not at the tensor
      slice.add(DType.FLOAT32, TensorBytes.data(t).slice(4L * Stats.FLOAT_CHUNK, 4L * (Stats.FLOAT_CHUNK + 3)));
      assertClose(twoPass(java.util.Arrays.copyOfRange(values, Stats.FLOAT_CHUNK, values.length - Stats.FLOAT_CHUNK)),
          slice.meanStd());
    }
  }

  /** numpy: np.mean([1, inf, 2]) is inf, np.mean([inf, -inf]) and any NaN give NaN; np.std of any of them is NaN. */
  @Test
  void infinitiesAndNansGiveNumpysStatistics() {
    float inf = Float.POSITIVE_INFINITY;
    float[][] cases = {{1, inf, 2}, {-inf, 3}, {inf, -inf}, {1, Float.NaN}, {inf, inf}};
    double[] means = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN,
        Double.POSITIVE_INFINITY};
    for (int i = 0; i < cases.length; i++) {
      float[] big = new float[Stats.FLOAT_CHUNK * 2 + 5]; // the odd value in a later chunk, summed on the helper
      System.arraycopy(cases[i], 0, big, Stats.FLOAT_CHUNK + 3, cases[i].length);
      for (float[] values : new float[][] {cases[i], big}) {
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(values.length), DataBuffers.of(values))) {
          Stats stats = new Stats();
          stats.add(DType.FLOAT32, TensorBytes.data(t));
          assertArrayEquals(new double[] {means[i], Double.NaN}, stats.meanStd(), java.util.Arrays.toString(cases[i]));
        }
        Stats decoded = new Stats(); // the path of the other dtypes
        double[] doubles = toDoubles(values);
        decoded.add(DType.FLOAT64, DataBuffers.of(TensorBytes.fromDoubles(DType.FLOAT64, doubles), true, false));
        assertArrayEquals(new double[] {means[i], Double.NaN}, decoded.meanStd(), java.util.Arrays.toString(cases[i]));
      }
    }
  }

  @Test
  void theTablePrintsAStatisticInFixedWidthAndNonFiniteOnesAsNumpy() {
    assertEquals("0.50000", MaterializeCommand.statistic(0.5));
    assertEquals("-999999.00000", MaterializeCommand.statistic(-999_999));
    assertEquals("-1.23457e+06", MaterializeCommand.statistic(-1_234_567));
    assertEquals("3.00000e+38", MaterializeCommand.statistic(3e38));
    assertEquals("inf", MaterializeCommand.statistic(Double.POSITIVE_INFINITY));
    assertEquals("-inf", MaterializeCommand.statistic(Double.NEGATIVE_INFINITY));
    assertEquals("nan", MaterializeCommand.statistic(Double.NaN));
  }

  /** The table's fixed-point statistic is what {@code %.5f} prints, ties, tiny negatives and -0.0 included. */
  @Test
  void theFixedStatisticIsWhatFormatPrints() {
    Random random = new Random(19);
    java.util.List<Double> xs = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, -1e-7, 1e-7, -4.9e-6, -5e-6,
        5e-6, 0.000125, -0.000125, 0.123455, 2.675, -2.675, 999_999.999_995, -999_999.999_995, Double.MIN_VALUE,
        -Double.MIN_VALUE));
    for (int i = 0; i < 200_000; i++) {
      double magnitude = Math.pow(10, random.nextInt(13) - 8); // 1e-8 to 1e4
      double x = random.nextDouble() * magnitude * (random.nextBoolean() ? 1 : -1);
      xs.add(x);
      xs.add(Math.floor(x * 1e5) / 1e5 + 5e-6); // near a tie of the fifth decimal
    }
    for (double x : xs) {
      if (Math.abs(x) < 1e6) {
        assertEquals(String.format(java.util.Locale.ROOT, "%.5f", x), MaterializeCommand.statistic(x), "x = " + x);
      }
    }
  }

  /** A fill's statistics without its tensor: the same bits as summing the tensor, one chunk or several. */
  @Test
  void aFilledWeightsStatisticsAreThoseOfItsTensor() {
    for (float value : new float[] {0f, -0f, 1f, 0.1f, -3.5f, 1e30f, Float.MIN_VALUE}) {
      for (int n : new int[] {0, 1, 3, Stats.FLOAT_CHUNK, 2 * Stats.FLOAT_CHUNK + 5}) {
        float[] values = new float[n];
        java.util.Arrays.fill(values, value);
        Stats streamed = new Stats();
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(n), DataBuffers.of(values))) {
          streamed.add(DType.FLOAT32, TensorBytes.data(t));
        }
        Stats filled = new Stats();
        filled.addFilledFloat32(value, n);
        double[] a = streamed.meanStd();
        double[] b = filled.meanStd();
        for (int i = 0; i < 2; i++) {
          assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]),
              value + " x " + n + ": " + a[i] + " vs " + b[i]);
        }
      }
    }
  }

  @Test
  void nothingAddedIsZero() {
    assertArrayEquals(new double[] {0, 0}, new Stats().meanStd());
  }

  @Test
  void constantValuesHaveNoSpread() {
    float[] values = new float[1001];
    java.util.Arrays.fill(values, 0.1f);
    Stats stats = new Stats();
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(values.length), DataBuffers.of(values))) {
      stats.add(DType.FLOAT32, TensorBytes.data(t));
    }
    assertEquals((double) 0.1f, stats.meanStd()[0], 0.0);
    assertEquals(0.0, stats.meanStd()[1], 0.0);
  }

  private static double[] gaussians(int n, double mean, double std, long seed) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + std * random.nextGaussian();
    }
    return values;
  }

  private static double[] twoPass(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double sq = 0;
    for (double v : values) {
      sq += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(sq / values.length)};
  }

  private static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected[0], actual[0], 1e-12 * Math.abs(expected[0]), "mean");
    assertEquals(expected[1], actual[1], 1e-12 * expected[1], "std");
  }
}
