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
   * Mean and standard deviation over consecutive pieces of one tensor (a streamed weight's heap chunks): each piece's
   * own two-pass mean and sum of squared deviations, merged as Chan et al. do; equal to {@link #meanStd} up to
   * rounding. One pass over the tensor, sharing each chunk with the writer.
   */
  static final class Running {
    private long count;
    private double mean;
    private double m2;

    void add(DType dtype, ByteDataBuffer part) {
      TensorBytes.forEachChunk(part, TensorBytes.CHUNK_BYTES, (chunk, length) -> add(dtype, chunk, length));
    }

    void add(DType dtype, byte[] chunk, int length) {
      int n = length / dtype.byteSize();
      if (n == 0) {
        return;
      }
      // two passes over the chunk, which is in cache; nothing kept between calls (a model holds one Running per weight)
      ByteBuffer b = ByteBuffer.wrap(chunk, 0, length).order(ByteOrder.LITTLE_ENDIAN);
      java.nio.FloatBuffer f = dtype == DType.FLOAT32 ? b.asFloatBuffer() : null;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += f != null ? f.get(i) : TensorBytes.doubleAt(dtype, b, i);
      }
      double pieceMean = sum / n;
      double pieceM2 = 0;
      for (int i = 0; i < n; i++) {
        double d = (f != null ? f.get(i) : TensorBytes.doubleAt(dtype, b, i)) - pieceMean;
        pieceM2 += d * d;
      }
      long total = count + n;
      double delta = pieceMean - mean;
      mean += delta * n / total;
      m2 += pieceM2 + delta * delta * ((double) count * n / total);
      count = total;
    }

    double[] meanStd() {
      return count == 0 ? new double[] {0, 0} : new double[] {mean, Math.sqrt(m2 / count)};
    }
  }
}
