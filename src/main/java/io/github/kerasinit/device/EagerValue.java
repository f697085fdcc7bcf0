package io.github.kerasinit.device;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.tensor.TensorBytes;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
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
    try (Native value = computeNative(init, shape, dtype, calls, device)) {
      return new EagerValue(value.dtype, value.shape, TensorBytes.of(value.tensor));
    }
  }

  /**
   * As {@link #compute}, leaving the value in TensorFlow's memory: what an output of any size is written from
   * ({@code keras-init sample}), with no copy on the Java heap. Close it to free the value.
   */
  public static Native computeNative(KerasInitializer init, Shape shape, DType dtype, int calls, String device) {
    EagerSession session = EagerSession.options().config(SessionConfigs.forEager()).build();
    try {
      Ops tf = Devices.place(Ops.create(session), device);
      Operand<? extends TType> out = null;
      for (int i = 0; i < calls; i++) {
        out = init.call(tf, shape, dtype);
      }
      return new Native(session, out.asTensor());
    } catch (RuntimeException | Error e) {
      session.close();
      throw e;
    }
  }

  /** A value in native memory, owned by its eager session; valid until {@link #close()}. */
  public static final class Native implements AutoCloseable {
    public final DType dtype;
    public final long[] shape;
    private final EagerSession session;
    private final Tensor tensor;

    private Native(EagerSession session, Tensor tensor) {
      this.session = session;
      this.tensor = tensor;
      this.dtype = DType.of(tensor.dataType());
      this.shape = tensor.shape().asArray();
    }

    /** The value's bytes (C order, little endian), read in place. */
    public ByteDataBuffer data() {
      return TensorBytes.data(tensor);
    }

    @Override
    public void close() {
      session.close();
    }
  }
}
