package io.github.kerasinit.tensor;

import java.util.function.Function;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * A private eager session for values that must be computed exactly as Keras computes them eagerly, whatever the
 * caller's mode: the float64 cos/sin of scipy windows, and STFT kernels placed into a graph (graph-mode constant
 * folding splits Eigen's vectorized sin/cos work differently and changes last bits). A session per evaluation, so
 * nothing accumulates; the tensor returned is a copy the caller owns and closes.
 */
public final class PrivateEager {
  private PrivateEager() {}

  /** Runs {@code ops} eagerly and returns a copy of the result that outlives the computation. */
  public static TType evaluate(Function<Ops, Operand<? extends TType>> ops) {
    try (EagerSession session = EagerSession.create()) {
      TType t = ops.apply(Ops.create(session)).asTensor();
      byte[] bytes = TensorBytes.of(t);
      return Tensor.of(t.type(), t.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(bytes, true, false));
    }
  }
}
