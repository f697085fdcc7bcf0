package io.github.kerasinit;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * A Keras 3 initializer as TF-Java ops: {@code keras.initializers.X(...)(shape, dtype)} with the same bytes as Python
 * Keras 3.15.1 on the TensorFlow backend, in eager or graph mode.
 *
 * <p>Instances are immutable values named by their Keras class and config. Random ones hold a seed: an int seed
 * repeats itself on every call; an unseeded instance drew its int seed once when it was made (so it repeats
 * itself, and two instances differ); a {@code SeedGenerator} seed advances on every call, as in Keras.
 *
 * <pre>{@code
 * KerasInitializer init = Initializers.get("glorot_uniform");        // or new GlorotUniform(Seed.of(42))
 * try (EagerSession session = EagerSession.create()) {
 *   Operand<TFloat32> kernel = init.call(Ops.create(session), Shape.of(784, 256), TFloat32.class);
 * }
 * Initializer<TFloat32> forFramework = init::call;                     // a TF-Java framework Initializer
 * }</pre>
 */
public interface KerasInitializer {

  /** The Keras class name, e.g. {@code "GlorotUniform"}. */
  String className();

  /** {@code get_config()}: Keras' keys in Keras' order, values as Python writes them (int, float, null, ...). */
  Map<String, Object> config();

  /** The {@code module} Keras writes when it serializes this class ({@code "keras.initializers"} for built-ins). */
  default String module() {
    return "keras.initializers";
  }

  /** The {@code registered_name} Keras writes: null for built-ins, {@code "package>Name"} for registered ones. */
  default String registeredName() {
    return null;
  }

  /**
   * Whether this initializer's values depend on the CPU (or device) that computes them. False, the default: the same
   * bits on every machine (stateless Philox draws, constants, Keras' scale and shift, dtype casts), so Python Keras'
   * bits everywhere. True for Orthogonal (TF's {@code Qr} kernel) and STFT (window functions, TF's {@code cos} and
   * {@code sin}): Python Keras itself gives other bits on another CPU there, so keras-init equals Keras bit for bit on
   * the same machine where both run the same kernel, and within a small measured bound across machines (docs/parity.md,
   * "What is exact"; the bounds live in python-parity/portability.py).
   */
  default boolean cpuDependent() {
    return false;
  }

  /**
   * The standard deviation of the values this initializer gives for {@code shape}, as its formula promises
   * (RandomNormal's {@code stddev}, VarianceScaling's {@code sqrt(scale / n)}, ...), or null where it promises none
   * (constants, Identity, STFT).
   */
  default Double expectedStddev(Shape shape) {
    return null;
  }

  /**
   * Builds the ops that produce the initial value.
   *
   * @param tf the ops factory of the caller's eager session or graph
   * @param shape a static shape; fans, Orthogonal, Identity and STFT depend on it
   * @param type the TF-Java type class of the result, e.g. {@code TFloat32.class}
   * @throws KerasInitException for a shape, dtype or argument Keras rejects, with the value and what is allowed
   */
  default <T extends TType> Operand<T> call(Ops tf, Shape shape, Class<T> type) {
    @SuppressWarnings("unchecked")
    Operand<T> out = (Operand<T>) call(tf, shape, DType.of(type));
    return out;
  }

  /** {@link #call(Ops, Shape, Class)} by dtype, for callers that choose the dtype at run time. */
  Operand<? extends TType> call(Ops tf, Shape shape, DType dtype);

  /**
   * The shape {@link #call(Ops, Shape, DType)} returns for a requested shape: the same, except where Keras' own result
   * differs (Constant broadcast against a larger value, STFT's {@code (T, 1, F)}). Slices index this shape.
   */
  default Shape resultShape(Shape shape) {
    return shape;
  }

  /**
   * The one value every element of {@code call}'s result takes, whatever the shape, dtype and seed (Zeros 0, Ones 1),
   * or empty. A tool making many weights can fill such a weight without TensorFlow ops: its bytes are that value in
   * the dtype, which {@code call} gives too.
   */
  default java.util.OptionalDouble fillValue() {
    return java.util.OptionalDouble.empty();
  }

  /**
   * Whether {@link #callRange} can make slices: true for every catalog class except Orthogonal (its QR needs the whole
   * matrix) and the abstract base, and false for a {@code SeedGenerator} seed (each call advances it).
   */
  default boolean slicesSupported() {
    return false;
  }

  /**
   * A slice of the value: the elements {@code [start, end)} of {@code call(tf, shape, dtype)} flattened in row-major
   * (C) order, as a 1-D tensor of {@code end - start} elements, with exactly those elements' bytes, made by its own
   * ops without computing the rest. Random classes draw from the slice's Philox position (TF's stateless V2 ops with
   * the key and counter of Keras' seed, the counter advanced to the slice's group); constants fill only the slice.
   * So a tensor larger than memory can be made piece by piece, in any order, on any machine, and the pieces
   * concatenated are the whole tensor, bit for bit. Fans (VarianceScaling) come from the whole {@code shape}.
   *
   * <pre>{@code
   * // rows 1000..1999 of a 50,000 x 200,000 float32 embedding, as whole[1000:2000]
   * Operand<?> rows = init.callRows(tf, Shape.of(50_000, 200_000), DType.FLOAT32, 1000, 2000);
   * }</pre>
   *
   * @param shape the whole tensor's static shape (it may be far larger than memory; only the slice is allocated)
   * @param start the first flat index, {@code 0 <= start <= end}
   * @param end one past the last flat index, {@code end <= } the element count of {@link #resultShape}
   * @throws KerasInitException for an initializer that cannot make slices (Orthogonal, a SeedGenerator seed), a
   *     range outside the tensor, or what {@code call} itself refuses (shape, dtype, arguments)
   */
  default Operand<? extends TType> callRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    throw new KerasInitException(className() + " cannot make a slice of its value; call it on the whole shape");
  }

  /** {@link #callRange(Ops, Shape, DType, long, long)} typed by class. */
  default <T extends TType> Operand<T> callRange(Ops tf, Shape shape, Class<T> type, long start, long end) {
    @SuppressWarnings("unchecked")
    Operand<T> out = (Operand<T>) callRange(tf, shape, DType.of(type), start, end);
    return out;
  }

  /**
   * Rows {@code [rowStart, rowEnd)} of the leading axis, shaped {@code [rowEnd - rowStart] + shape[1:]}: Python's
   * {@code whole[rowStart:rowEnd]}, made as {@link #callRange} makes a slice.
   */
  default Operand<? extends TType> callRows(Ops tf, Shape shape, DType dtype, long rowStart, long rowEnd) {
    return callBox(tf, shape, dtype, new long[] {rowStart}, new long[] {rowEnd});
  }

  /**
   * A box over the leading {@code begin.length} axes, all of every later axis: Python's
   * {@code whole[begin[0]:end[0], ..., begin[k-1]:end[k-1]]}, shaped {@code [end[i] - begin[i]...] + shape[k:]}.
   * Its elements are {@code prod(end[i] - begin[i], i < k-1)} contiguous runs, each made as {@link #callRange}.
   */
  default Operand<? extends TType> callBox(Ops tf, Shape shape, DType dtype, long[] begin, long[] end) {
    throw new KerasInitException(className() + " cannot make a slice of its value; call it on the whole shape");
  }

  /**
   * The TF-Java framework's {@link Initializer} contract: reads {@code dims} as a constant (an eager tensor or a graph
   * {@code Const} op, never through a hidden Session) and fails clearly for a dynamic shape.
   */
  default <T extends TType> Operand<T> call(Ops tf, Operand<TInt64> dims, Class<T> type) {
    return call(tf, StaticDims.fromDims(dims), type);
  }

  /** This initializer as a TF-Java framework {@link Initializer} of one type. */
  default <T extends TType> Initializer<T> asFrameworkInitializer() {
    return this::call;
  }
}
