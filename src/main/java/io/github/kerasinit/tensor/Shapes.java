package io.github.kerasinit.tensor;

import io.github.kerasinit.KerasInitException;
import java.util.Arrays;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.family.TNumber;

/** Static shapes: validation, the shape operand TF ops take, and reading a constant dims operand. */
public final class Shapes {
  /**
   * Refuse tensors above this many bytes before TF allocates them: by default this machine's physical memory. A
   * larger request would fail in TF's allocator at best, and at worst (Linux overcommits) be handed lazily-mapped
   * pages and get the process OOM-killed while the kernel fills them.
   */
  public static final long MAX_TENSOR_BYTES = Long.getLong("kerasinit.maxTensorBytes", physicalMemoryBytes());

  private static long physicalMemoryBytes() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      long total = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
      if (total > 0) {
        return total;
      }
    }
    return 1L << 40;
  }

  private Shapes() {}

  /** Checks that every dim is known and non-negative and that the tensor's byte size fits. */
  public static Shape validate(Shape shape, DType dtype) {
    if (shape == null) {
      throw new KerasInitException("shape is null; pass a static shape such as Shape.of(3, 4)");
    }
    if (shape.isUnknown()) {
      throw new KerasInitException("shape has unknown rank; keras-init needs a static shape");
    }
    long[] dims = shape.asArray();
    long elements = 1;
    boolean overflow = false;
    for (long d : dims) {
      if (d < 0) {
        throw new KerasInitException("shape " + Arrays.toString(dims) + ": dimension " + d
            + (d == Shape.UNKNOWN_SIZE ? " is unknown; a static shape is needed" : " must be >= 0"));
      }
      if (!overflow) {
        try {
          elements = Math.multiplyExact(elements, d);
        } catch (ArithmeticException e) {
          overflow = true;
        }
      }
    }
    boolean empty = Arrays.stream(dims).anyMatch(d -> d == 0);
    if (!empty && (overflow || elements > MAX_TENSOR_BYTES / dtype.byteSize())) {
      throw new KerasInitException("shape " + Arrays.toString(dims) + " of " + dtype + " needs "
          + (overflow ? "more than 2^63 elements" : (elements * dtype.byteSize()) + " bytes")
          + "; the limit is " + MAX_TENSOR_BYTES + " bytes, this machine's physical memory unless the system"
          + " property kerasinit.maxTensorBytes says otherwise");
    }
    return shape;
  }

  /** The shape as the int32 vector (int64 when a dim needs it) that TF Python passes to its ops. */
  public static Operand<? extends TNumber> operand(Ops tf, Shape shape) {
    long[] dims = shape.asArray();
    boolean needs64 = Arrays.stream(dims).anyMatch(d -> d > Integer.MAX_VALUE);
    if (needs64) {
      return tf.constant(dims);
    }
    return tf.constant(Arrays.stream(dims).mapToInt(d -> (int) d).toArray());
  }

  public static long numElements(Shape shape) {
    long n = 1;
    for (long d : shape.asArray()) {
      n *= d;
    }
    return n;
  }

  /**
   * Reads the dims operand the TF-Java framework's {@code Initializer.call} passes, without running a Session:
   * an eager operand's tensor, or the value of a graph {@code Const} op. Any other op is a dynamic shape.
   */
  public static Shape fromDims(Operand<? extends TNumber> dims) {
    ExecutionEnvironment env = dims.op().env();
    if (env.isEager()) {
      return fromTensor(dims.asTensor());
    }
    if (dims.op() instanceof GraphOperation && "Const".equals(dims.op().type())) {
      try (Tensor value = ((GraphOperation) dims.op()).attributes().getAttrTensor("value")) {
        return fromTensor(value);
      }
    }
    throw new KerasInitException("dims is the output of a `" + dims.op().type() + "` op (" + dims.op().name()
        + "), not a constant: keras-init needs a static shape, because fans, Orthogonal and Identity depend on it."
        + " Pass tf.constant(new long[] {...}) or call call(tf, Shape, type).");
  }

  private static Shape fromTensor(Tensor t) {
    if (t.shape().numDimensions() != 1) {
      throw new KerasInitException("dims must be a vector, got shape " + t.shape());
    }
    int rank = (int) t.shape().size(0);
    long[] dims = new long[rank];
    // A graph Const's attribute comes back as a RawTensor: read its bytes by dtype.
    ByteDataBuffer raw = t.asRawTensor().data();
    if (t.dataType() == DataType.DT_INT64) {
      raw.asLongs().read(dims);
    } else if (t.dataType() == DataType.DT_INT32) {
      int[] ints = new int[rank];
      raw.asInts().read(ints);
      for (int i = 0; i < rank; i++) {
        dims[i] = ints[i];
      }
    } else {
      throw new KerasInitException("dims must be int32 or int64, got " + t.dataType());
    }
    return Shape.of(dims);
  }
}
