package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Mean and standard deviation of raw tensor bytes, in double (two passes, for accuracy). */
final class Stats {
  private Stats() {}

  static double[] meanStd(DType dtype, byte[] bytes) {
    int n = bytes.length / dtype.byteSize();
    if (n == 0) {
      return new double[] {0, 0};
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += TensorBytes.doubleAt(dtype, b, i);
    }
    double mean = sum / n;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double d = TensorBytes.doubleAt(dtype, b, i) - mean;
      sq += d * d;
    }
    return new double[] {mean, Math.sqrt(sq / n)};
  }
}
