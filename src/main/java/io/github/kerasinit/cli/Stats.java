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
}
