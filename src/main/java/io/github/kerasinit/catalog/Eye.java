package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.Operands;
import io.github.kerasinit.tensor.TfScalars;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** {@code tf.eye(n, m, dtype)} as TF Python builds it: {@code MatrixSetDiagV3(zeros(n, m), ones(min(n, m)), k=0)}. */
final class Eye {
  private Eye() {}

  static Operand<TType> of(Ops tf, long rows, long cols, DType dtype) {
    Operand<TType> zeros = Operands.typed(tf.fill(tf.constant(new long[] {rows, cols}), scalar(tf, 0, dtype)));
    Operand<TType> ones = Operands.typed(tf.fill(tf.constant(new long[] {Math.min(rows, cols)}), scalar(tf, 1, dtype)));
    return tf.linalg.matrixSetDiag(zeros, ones, tf.constant(0));
  }

  static Operand<? extends TType> scalar(Ops tf, long value, DType dtype) {
    return TfScalars.intConstant(tf, value, dtype);
  }
}
