package io.github.kerasinit.tensor;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.types.TFloat16;

/**
 * float64 to float16 rounded once, to nearest even, as numpy's {@code astype(float16)} does. (TF's Cast and
 * {@code (float)} would round twice, through float32.)
 */
public final class HalfPrecision {
  private HalfPrecision() {}

  /** The IEEE binary16 bits of {@code d}, correctly rounded. */
  public static short doubleToHalfBits(double d) {
    if (Double.isNaN(d)) {
      return (short) 0x7e00;
    }
    int sign = (Double.doubleToRawLongBits(d) < 0) ? 0x8000 : 0;
    double a = Math.abs(d);
    if (a >= 65520.0) { // halfway between 65504 and 2^16 rounds to even, i.e. overflows
      return (short) (sign | 0x7c00);
    }
    if (a < 0x1p-14) { // subnormal or zero: units of 2^-24
      long q = (long) Math.rint(a * 0x1p24);
      return (short) (sign | q);
    }
    int e = Math.getExponent(a);
    double mantissa = a / Math.scalb(1.0, e) - 1.0; // exact, in [0, 1)
    long q = (long) Math.rint(mantissa * 1024.0); // exact product, rounded to nearest even
    if (q == 1024) {
      q = 0;
      e++;
    }
    if (e + 15 >= 31) {
      return (short) (sign | 0x7c00);
    }
    return (short) (sign | ((e + 15) << 10) | q);
  }

  /** The value of IEEE binary16 bits (exact in double). */
  public static double halfBitsToDouble(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) != 0 ? -1 : 1;
    int exp = (h >> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exp == 0x1f) {
      return mantissa != 0 ? Double.NaN : sign * Double.POSITIVE_INFINITY;
    }
    if (exp == 0) {
      return sign * Math.scalb((double) mantissa, -24);
    }
    return sign * Math.scalb(1024.0 + mantissa, exp - 25);
  }

  /** float32 to bfloat16 bits, rounded to nearest even as TF's Cast does (NaN stays NaN). */
  public static short floatToBfloat16Bits(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }

  /** The value of bfloat16 bits (the upper half of a float32). */
  public static double bfloat16BitsToDouble(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** A float16 tensor of the values, each rounded once. */
  public static TFloat16 float16Tensor(double[] values) {
    byte[] bytes = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      short h = doubleToHalfBits(values[i]);
      bytes[2 * i] = (byte) h; // little endian, as TF stores tensors on x86 and arm
      bytes[2 * i + 1] = (byte) (h >> 8);
    }
    ByteDataBuffer buffer = org.tensorflow.ndarray.buffer.DataBuffers.of(bytes, true, false);
    return Tensor.of(TFloat16.class, Shape.of(values.length), buffer);
  }
}
