package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** Float constants of any float dtype from values TF-Java cannot write directly (float16, bfloat16). */
public final class FloatConstants {
  private FloatConstants() {}

  /** Rounds a double to the dtype (to nearest even, once) and returns it as a double. */
  public static double round(double v, DType dtype) {
    switch (dtype) {
      case FLOAT64:
        return v;
      case FLOAT32:
        return (float) v;
      case FLOAT16:
        return HalfPrecision.halfBitsToDouble(HalfPrecision.doubleToHalfBits(v));
      case BFLOAT16:
        return HalfPrecision.bfloat16BitsToDouble(HalfPrecision.floatToBfloat16Bits((float) v));
      default:
        throw new IllegalArgumentException(dtype + " is not a float dtype");
    }
  }

  /** A constant whose values are already representable in {@code dtype} (so no rounding happens here). */
  public static Operand<? extends TType> exact(Ops tf, DType dtype, long[] shape, double[] values) {
    byte[] bytes = TensorBytes.fromDoubles(dtype, values);
    try (TType t = Tensor.of(dtype.type(), Shape.of(shape), DataBuffers.of(bytes, true, false))) {
      return tf.constantOf(t);
    }
  }
}
