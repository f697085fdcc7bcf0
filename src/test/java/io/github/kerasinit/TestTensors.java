package io.github.kerasinit;

import io.github.kerasinit.device.EagerValue;
import io.github.kerasinit.tensor.TensorBytes;
import io.github.kerasinit.tensor.Ulps;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** Runs initializers and reads their values back, for tests. */
public final class TestTensors {
  private TestTensors() {}

  /** The result of one run: dtype, shape and raw bytes. */
  public static final class Result {
    public final DType dtype;
    public final long[] shape;
    public final byte[] bytes;

    Result(DType dtype, long[] shape, byte[] bytes) {
      this.dtype = dtype;
      this.shape = shape;
      this.bytes = bytes;
    }

    public double[] doubles() {
      return TestTensors.toDoubles(dtype, bytes);
    }
  }

  /** Calls {@code init} {@code calls} times in one eager session and returns the last value. */
  public static Result eager(KerasInitializer init, Shape shape, DType dtype, int calls) {
    return eager(init, shape, dtype, calls, null);
  }

  /** As {@link #eager(KerasInitializer, Shape, DType, int)} with every op on {@code device} (null: TF's choice). */
  public static Result eager(KerasInitializer init, Shape shape, DType dtype, int calls, String device) {
    EagerValue value = EagerValue.compute(init, shape, dtype, calls, device);
    return new Result(value.dtype, value.shape, value.bytes);
  }

  public static Result eager(KerasInitializer init, Shape shape, DType dtype) {
    return eager(init, shape, dtype, 1);
  }

  /** Builds {@code calls} calls into one graph, runs the last with a Session. */
  public static Result graph(KerasInitializer init, Shape shape, DType dtype, int calls) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<? extends TType> out = null;
      for (int i = 0; i < calls; i++) {
        out = init.call(tf, shape, dtype);
      }
      try (Tensor t = s.runner().fetch(out).run().get(0)) {
        return new Result(DType.of(t.dataType()), t.shape().asArray(), TensorBytes.of(t));
      }
    }
  }

  /** Little-endian bytes of a dtype as doubles (bool and ints as 0/1 and their values). */
  public static double[] toDoubles(DType dtype, byte[] bytes) {
    return TensorBytes.toDoubles(dtype, bytes);
  }

  /** Largest distance in units in the last place between two arrays of one float dtype (NaN = NaN). */
  public static long maxUlp(DType dtype, byte[] a, byte[] b) {
    return Ulps.max(dtype, a, b);
  }
}
