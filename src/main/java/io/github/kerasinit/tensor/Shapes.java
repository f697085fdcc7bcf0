package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/** Static shapes: validation and the shape operand TF ops take. */
public final class Shapes {
  /** The system property that sets {@link #maxTensorBytes()}. */
  public static final String MAX_TENSOR_BYTES_PROPERTY = "kerasinit.maxTensorBytes";

  private static final Long CONFIGURED_LIMIT = Long.getLong(MAX_TENSOR_BYTES_PROPERTY);

  /**
   * Sizes up to this are within the physical memory of any machine that runs TensorFlow (its runtime alone is about
   * 270 MiB), so they are accepted without asking: the JDK's answer, through its management beans, cost about 13 ms
   * of CPU at every start.
   */
  private static final long WITHIN_ANY_MACHINE = 256L << 20;

  /** This machine's physical memory (a container's limit where it has one), looked up on first need. */
  private static final class PhysicalMemory {
    static final long BYTES = physicalMemoryBytes();

    private static long physicalMemoryBytes() {
      java.lang.management.OperatingSystemMXBean os =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        long total = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
        if (total > 0) {
          return total;
        }
      }
      return 1L << 40;
    }
  }

  /**
   * Tensors above this many bytes are refused before TF allocates them: this machine's physical memory unless the
   * system property {@value #MAX_TENSOR_BYTES_PROPERTY} says otherwise. A larger request would fail in TF's
   * allocator at best, and at worst (Linux overcommits) be handed lazily-mapped pages and get the process OOM-killed
   * while the kernel fills them.
   */
  public static long maxTensorBytes() {
    return CONFIGURED_LIMIT != null ? CONFIGURED_LIMIT : PhysicalMemory.BYTES;
  }

  /** Whether {@code bytes} (of one tensor, or of tensors held at once) are more than {@link #maxTensorBytes()}. */
  public static boolean exceedsLimit(long bytes) {
    return (CONFIGURED_LIMIT != null || bytes > WITHIN_ANY_MACHINE) && bytes > maxTensorBytes();
  }

  private Shapes() {}

  /** Checks that every dim is known and non-negative and that the tensor's byte size fits. */
  public static Shape validate(Shape shape, DType dtype) {
    validateDims(shape);
    long[] dims = shape.asArray();
    long elements = 1;
    boolean overflow = false;
    for (long d : dims) {
      if (!overflow) {
        try {
          elements = Math.multiplyExact(elements, d);
        } catch (ArithmeticException e) {
          overflow = true;
        }
      }
    }
    boolean empty = false;
    for (long d : dims) { // loops, not streams: run cold for every weight of every model
      empty |= d == 0;
    }
    boolean bytesOverflow = !overflow && elements > Long.MAX_VALUE / dtype.byteSize();
    if (!empty && (overflow || bytesOverflow || exceedsLimit(elements * dtype.byteSize()))) {
      throw new KerasInitException("shape " + Arrays.toString(dims) + " of " + dtype + " needs "
          + (overflow ? "more than 2^63 elements" : bytesOverflow ? "more than 2^63 bytes"
              : (elements * dtype.byteSize()) + " bytes")
          + "; the limit is " + maxTensorBytes() + " bytes, this machine's physical memory unless the system"
          + " property " + MAX_TENSOR_BYTES_PROPERTY + " says otherwise");
    }
    return shape;
  }

  /** Checks that every dim is known and non-negative, without a size limit (for a shape made in slices). */
  public static Shape validateDims(Shape shape) {
    if (shape == null) {
      throw new KerasInitException("shape is null; pass a static shape such as Shape.of(3, 4)");
    }
    if (shape.isUnknown()) {
      throw new KerasInitException("shape has unknown rank; keras-init needs a static shape");
    }
    for (long d : shape.asArray()) {
      if (d < 0) {
        throw new KerasInitException("shape " + Arrays.toString(shape.asArray()) + ": dimension " + d
            + (d == Shape.UNKNOWN_SIZE ? " is unknown; a static shape is needed" : " must be >= 0"));
      }
    }
    return shape;
  }

  /**
   * The shape as the int32 vector (int64 when a dim needs it) that TF Python passes to its ops; one node per shape in
   * a {@link GraphOps#createSharing} graph.
   */
  public static Operand<? extends TNumber> operand(Ops tf, Shape shape) {
    long[] dims = shape.asArray();
    return GraphOps.shared(tf, "shape " + Arrays.toString(dims), () -> vector(tf, dims));
  }

  private static Operand<? extends TNumber> vector(Ops tf, long[] dims) {
    int[] ints = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > Integer.MAX_VALUE) {
        return tf.constant(dims);
      }
      ints[i] = (int) dims[i];
    }
    return tf.constant(ints);
  }

  public static long numElements(Shape shape) {
    long n = 1;
    for (long d : shape.asArray()) {
      n *= d;
    }
    return n;
  }
}
