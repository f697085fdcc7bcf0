package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
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

  @Test
  void float32IsReadAsFloatsWithTheSameSumsAsTheByteDecoding() {
    Random random = new Random(5);
    double[] values = new double[2 * TensorBytes.CHUNK_BYTES / 4 + 7]; // two float chunks and a tail
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (0.5 + 3 * random.nextGaussian());
    }
    // the same running sums in double, element by element, as the generic path adds them
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double sq = 0;
    for (double v : values) {
      sq += (v - mean) * (v - mean);
    }
    byte[] bytes = TensorBytes.fromDoubles(DType.FLOAT32, values);
    double[] stats = Stats.meanStd(DType.FLOAT32, bytes);
    assertEquals(mean, stats[0], 0.0);
    assertEquals(Math.sqrt(sq / values.length), stats[1], 0.0);
    float[] floats = new float[values.length];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) values[i];
    }
    // a tensor's native buffer, as materialize reads it
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(floats.length), DataBuffers.of(floats))) {
      double[] fromTensor = Stats.meanStd(DType.FLOAT32, TensorBytes.data(t));
      assertEquals(stats[0], fromTensor[0], 0.0);
      assertEquals(stats[1], fromTensor[1], 0.0);
    }
  }
}
