package io.github.kerasinit.device;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.tensor.TensorBytes;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * An initializer's value computed in eager mode, as bytes: what {@code keras-init sample} writes, what the parity
 * tests compare with Keras' goldens, and what the doctor compares across devices.
 */
public final class EagerValue {
  public final DType dtype;
  public final long[] shape;
  public final byte[] bytes;

  private EagerValue(DType dtype, long[] shape, byte[] bytes) {
    this.dtype = dtype;
    this.shape = shape;
    this.bytes = bytes;
  }

  /**
   * Calls {@code init} {@code calls} times in one fresh eager session (a Keras instance called again must give the
   * same values) and returns the last value; every op on {@code device}, or where TF puts it when null.
   */
  public static EagerValue compute(KerasInitializer init, Shape shape, DType dtype, int calls, String device) {
    try (EagerSession session = EagerSession.options().config(SessionConfigs.forEager()).build()) {
      Ops tf = Devices.place(Ops.create(session), device);
      Operand<? extends TType> out = null;
      for (int i = 0; i < calls; i++) {
        out = init.call(tf, shape, dtype);
      }
      Tensor t = out.asTensor();
      return new EagerValue(DType.of(t.dataType()), t.shape().asArray(), TensorBytes.of(t));
    }
  }
}
