package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/** TF Python's tensor {@code x * y}: {@code Mul}, except for bool, which TF computes as int32 and casts back. */
final class Multiply {
  private Multiply() {}

  static Operand<? extends TType> elementwise(Ops tf, Operand<TType> x, Operand<TType> y, DType dtype) {
    if (dtype == DType.BOOL) {
      Operand<TInt32> product =
          tf.math.mul(tf.dtypes.cast(x, TInt32.class), tf.dtypes.cast(y, TInt32.class));
      return tf.dtypes.cast(product, TBool.class);
    }
    return tf.math.mul(x, y);
  }
}
