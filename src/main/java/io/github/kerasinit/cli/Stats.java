package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Mean and standard deviation of raw tensor bytes, in double (two passes, for accuracy), read in chunks from the
 * tensor's native buffer so that a weight of any size needs no copy on the Java heap.
 */
final class Stats {
  private Stats() {}

  static double[] meanStd(DType dtype, byte[] bytes) {
    return meanStd(dtype, DataBuffers.of(bytes, true, false));
  }

  static double[] meanStd(DType dtype, ByteDataBuffer data) {
    int size = dtype.byteSize();
    long n = data.size() / size;
    if (n == 0) {
      return new double[] {0, 0};
    }
    double[] sum = {0};
    TensorBytes.forEachChunk(data, TensorBytes.CHUNK_BYTES, (chunk, length) -> {
      ByteBuffer b = ByteBuffer.wrap(chunk, 0, length).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < length / size; i++) {
        sum[0] += TensorBytes.doubleAt(dtype, b, i);
      }
    });
    double mean = sum[0] / n;
    double[] sq = {0};
    TensorBytes.forEachChunk(data, TensorBytes.CHUNK_BYTES, (chunk, length) -> {
      ByteBuffer b = ByteBuffer.wrap(chunk, 0, length).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < length / size; i++) {
        double d = TensorBytes.doubleAt(dtype, b, i) - mean;
        sq[0] += d * d;
      }
    });
    return new double[] {mean, Math.sqrt(sq[0] / n)};
  }

  /**
   * Mean and standard deviation over consecutive parts of one tensor: each part's own two-pass mean and sum of
   * squared deviations, merged as Chan et al. do. One part gives exactly {@link #meanStd}.
   */
  static final class Running {
    private long count;
    private double mean;
    private double m2;
    private double firstStd;
    private int parts;

    void add(DType dtype, ByteDataBuffer part) {
      long n = part.size() / dtype.byteSize();
      if (n == 0) {
        return;
      }
      double[] ms = Stats.meanStd(dtype, part);
      double partM2 = ms[1] * ms[1] * n;
      parts++;
      if (count == 0) {
        firstStd = ms[1];
        count = n;
        mean = ms[0];
        m2 = partM2;
        return;
      }
      long total = count + n;
      double delta = ms[0] - mean;
      mean += delta * n / total;
      m2 += partM2 + delta * delta * ((double) count * n / total);
      count = total;
    }

    double[] meanStd() {
      return count == 0 ? new double[] {0, 0} : new double[] {mean, parts == 1 ? firstStd : Math.sqrt(m2 / count)};
    }
  }
}
