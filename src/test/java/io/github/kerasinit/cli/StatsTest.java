package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table's mean and std, read in chunks from a tensor's buffer, are the plain two-pass values. */
class StatsTest {
  @Test
  void chunkedStatisticsAreTheTwoPassValues() {
    Random random = new Random(3);
    double[] values = new double[3 * TensorBytes.CHUNK_BYTES / 8 + 5]; // three chunks and a tail
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      values[i] = 2 + random.nextGaussian();
      sum += values[i];
    }
    double mean = sum / values.length;
    double sq = 0;
    for (double v : values) {
      sq += (v - mean) * (v - mean);
    }
    double[] stats = Stats.meanStd(DType.FLOAT64, TensorBytes.fromDoubles(DType.FLOAT64, values));
    assertEquals(mean, stats[0], 0.0);
    assertEquals(Math.sqrt(sq / values.length), stats[1], 0.0);
  }
}
