package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;

/**
 * Mean and standard deviation of raw tensor bytes, in double (two passes, for accuracy), read in chunks from the
 * tensor's native buffer so that a weight of any size needs no copy on the Java heap.
 *
 * <p>float32, nearly every weight, is read as floats into a {@code float[]} and summed in a plain loop, which the JIT
 * compiles within the first large weight: decoding each element from bytes through a dtype switch cost ResNet50's
 * process 0.2 s more CPU. Both paths add the same doubles in the same order, so they agree to the bit.
 */
final class Stats {
  private Stats() {}

  /** Elements per float32 chunk: the bytes of {@link TensorBytes#CHUNK_BYTES}. */
  private static final int FLOAT_CHUNK = TensorBytes.CHUNK_BYTES / Float.BYTES;

  static double[] meanStd(DType dtype, byte[] bytes) {
    if (dtype == DType.FLOAT32) { // a heap buffer cannot be viewed as floats in place; NIO's little-endian view can
      return float32(DataBuffers.of(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()),
          bytes.length / Float.BYTES);
    }
    return meanStd(dtype, DataBuffers.of(bytes, true, false));
  }

  static double[] meanStd(DType dtype, ByteDataBuffer data) {
    int size = dtype.byteSize();
    long n = data.size() / size;
    if (n == 0) {
      return new double[] {0, 0};
    }
    if (dtype == DType.FLOAT32) { // a tensor's native buffer: viewed as floats in place
      return float32(data.asFloats(), n);
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

  private static double[] float32(FloatDataBuffer values, long n) {
    float[] chunk = new float[(int) Math.min(FLOAT_CHUNK, n)];
    double sum = 0;
    for (long offset = 0; offset < n; offset += chunk.length) {
      int length = (int) Math.min(chunk.length, n - offset);
      values.slice(offset, length).read(chunk, 0, length);
      sum = addTo(sum, chunk, length);
    }
    double mean = sum / n;
    double squares = 0;
    for (long offset = 0; offset < n; offset += chunk.length) {
      int length = (int) Math.min(chunk.length, n - offset);
      values.slice(offset, length).read(chunk, 0, length);
      squares = addSquaredDeviations(squares, chunk, length, mean);
    }
    return new double[] {mean, Math.sqrt(squares / n)};
  }

  /** {@code sum} plus each value in turn: the running sum the byte path keeps, so both paths round alike. */
  private static double addTo(double sum, float[] values, int length) {
    for (int i = 0; i < length; i++) {
      sum += values[i];
    }
    return sum;
  }

  private static double addSquaredDeviations(double sum, float[] values, int length, double mean) {
    for (int i = 0; i < length; i++) {
      double d = values[i] - mean;
      sum += d * d;
    }
    return sum;
  }
}
