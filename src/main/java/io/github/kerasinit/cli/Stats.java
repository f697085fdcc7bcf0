package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.HalfPrecision;
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
      sum += value(dtype, b, i);
    }
    double mean = sum / n;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double d = value(dtype, b, i) - mean;
      sq += d * d;
    }
    return new double[] {mean, Math.sqrt(sq / n)};
  }

  private static double value(DType dtype, ByteBuffer b, int i) {
    switch (dtype) {
      case FLOAT16:
        return HalfPrecision.halfBitsToDouble(b.getShort(2 * i));
      case BFLOAT16:
        return HalfPrecision.bfloat16BitsToDouble(b.getShort(2 * i));
      case FLOAT32:
        return b.getFloat(4 * i);
      case FLOAT64:
        return b.getDouble(8 * i);
      case INT32:
        return b.getInt(4 * i);
      case INT64:
        return b.getLong(8 * i);
      case UINT16:
        return b.getShort(2 * i) & 0xffff;
      default:
        return b.get(i) & 0xff;
    }
  }
}
