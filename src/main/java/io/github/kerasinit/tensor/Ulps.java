package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Distances in units in the last place between two tensors' little-endian bytes (the doctor's and the tests'). */
public final class Ulps {
  private Ulps() {}

  /**
   * Largest distance in units in the last place between two arrays of one float dtype: NaN equals NaN, NaN against
   * a number and arrays of different lengths are {@link Long#MAX_VALUE}.
   */
  public static long max(DType dtype, byte[] a, byte[] b) {
    if (a.length != b.length) {
      return Long.MAX_VALUE;
    }
    ByteBuffer x = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer y = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int width = dtype.byteSize();
    long max = 0;
    for (int i = 0; i < a.length / width; i++) {
      long u;
      long v;
      boolean nanU;
      boolean nanV;
      if (width == 2) {
        u = x.getShort() & 0xffff;
        v = y.getShort() & 0xffff;
        int expMask = dtype == DType.BFLOAT16 ? 0x7f80 : 0x7c00;
        int manMask = dtype == DType.BFLOAT16 ? 0x007f : 0x03ff;
        nanU = (u & expMask) == expMask && (u & manMask) != 0;
        nanV = (v & expMask) == expMask && (v & manMask) != 0;
        u = ordered16(u);
        v = ordered16(v);
      } else if (width == 4) {
        float fu = x.getFloat();
        float fv = y.getFloat();
        nanU = Float.isNaN(fu);
        nanV = Float.isNaN(fv);
        u = ordered32(Float.floatToRawIntBits(fu));
        v = ordered32(Float.floatToRawIntBits(fv));
      } else {
        double du = x.getDouble();
        double dv = y.getDouble();
        nanU = Double.isNaN(du);
        nanV = Double.isNaN(dv);
        u = ordered64(Double.doubleToRawLongBits(du));
        v = ordered64(Double.doubleToRawLongBits(dv));
      }
      if (nanU || nanV) {
        if (nanU != nanV) {
          return Long.MAX_VALUE;
        }
        continue;
      }
      max = Math.max(max, Math.abs(u - v));
    }
    return max;
  }

  private static long ordered16(long bits) {
    return (bits & 0x8000) != 0 ? -(bits & 0x7fff) : bits;
  }

  private static long ordered32(int bits) {
    return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
  }

  private static long ordered64(long bits) {
    return bits < 0 ? -(bits & Long.MAX_VALUE) : bits;
  }
}
