package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * The unchecked casts TF-Java's generics need when the dtype is chosen at run time: one place, each safe because the
 * op's dtype is the {@link DType} the caller asked for.
 */
public final class Operands {
  private Operands() {}

  /** An operand whose dtype the caller knows, as the type it needs. */
  @SuppressWarnings("unchecked")
  public static <T extends TType> Operand<T> typed(Operand<? extends TType> x) {
    return (Operand<T>) x;
  }

  /** An operand of a numeric dtype, for the math ops. */
  @SuppressWarnings("unchecked")
  public static Operand<TNumber> numeric(Operand<? extends TType> x) {
    return (Operand<TNumber>) (Operand<?>) x;
  }

  /** The TF-Java class of a numeric dtype, for the ops that take one. */
  @SuppressWarnings("unchecked")
  public static Class<TNumber> numberType(DType dtype) {
    return (Class<TNumber>) (Class<?>) dtype.type();
  }
}
