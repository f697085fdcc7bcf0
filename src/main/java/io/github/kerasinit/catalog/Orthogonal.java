package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.StatelessDraws;
import io.github.kerasinit.tensor.Operands;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.tensor.TfScalars;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.Qr;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.Orthogonal(gain=1.0, seed=None)}: an orthogonal matrix times {@code gain}. Aliases
 * {@code orthogonal}, {@code OrthogonalInitializer}.
 *
 * <p>Any rank &ge; 2: the shape is flattened to {@code (prod(shape[:-1]), shape[-1])}. Keras' recipe, op for op: a
 * unit normal draw of shape {@code (max(rows, cols), min(rows, cols))}, {@code Qr} (reduced), columns multiplied by
 * the signs of R's diagonal, transposed when rows &lt; cols, reshaped, times gain. The rows (or columns, whichever are
 * fewer) are orthonormal: {@code QᵀQ = gain²·I}. float16, float32, float64 (TF has no bfloat16 Qr).
 */
public final class Orthogonal extends RandomInitializer {
  public static final double DEFAULT_GAIN = 1.0;

  private final Object gain;

  public Orthogonal(Seed seed) {
    this(DEFAULT_GAIN, seed);
  }

  /** From a Keras config: {@code gain}, {@code seed} (checked before an unseeded one draws). */
  public static Orthogonal fromConfig(InitializerConfig config) {
    Object gain = config.number("gain", DEFAULT_GAIN);
    config.finish("seed");
    return new Orthogonal((Number) gain, config.seed());
  }

  public Orthogonal(Number gain, Seed seed) {
    super(seed);
    this.gain = Arguments.number("Orthogonal", "gain", gain);
  }

  @Override
  public String className() {
    return "Orthogonal";
  }

  /** TF's Qr kernel takes CPU-dependent code paths (and cuSOLVER's on a GPU). */
  @Override
  public boolean cpuDependent() {
    return true;
  }

  @Override
  public boolean slicesSupported() {
    return false;
  }

  @Override
  protected String whyNoSlices() {
    return ": Orthogonal's QR decomposition needs the whole matrix";
  }

  public Object gain() {
    return gain;
  }

  /** {@code |gain| / sqrt(max(rows, cols))} of the flattened {@code (prod(shape[:-1]), shape[-1])} matrix. */
  @Override
  public Double expectedStddev(Shape shape) {
    long[] dims = shape.asArray();
    if (dims.length < 2) {
      return null;
    }
    long cols = dims[dims.length - 1];
    long rows = 1;
    for (int i = 0; i < dims.length - 1; i++) {
      rows *= dims[i];
    }
    return Math.abs(PyValues.toDouble(gain)) / Math.sqrt(Math.max(1, Math.max(rows, cols)));
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    long[] dims = shape.asArray();
    if (dims.length < 2) {
      throw new KerasInitException("Orthogonal: the tensor to initialize must be at least two-dimensional; got shape "
          + Arrays.toString(dims) + " of rank " + dims.length);
    }
    if (dtype == DType.BFLOAT16 || !dtype.isFloating()) {
      throw new KerasInitException("Orthogonal: dtype " + dtype + " is not supported; allowed: float16, float32,"
          + " float64 (TF's Qr has no " + dtype + " kernel)");
    }
    long rows = 1;
    for (int i = 0; i < dims.length - 1; i++) {
      rows = Math.multiplyExact(rows, dims[i]);
    }
    long cols = dims[dims.length - 1];
    Shape flat = Shape.of(Math.max(rows, cols), Math.min(rows, cols));
    Operand<TNumber> a =
        Operands.typed(StatelessDraws.normal(tf, flat, seed.nextTfSeed(), 0.0, 1.0, dtype, className()));
    Qr<TNumber> qr = tf.linalg.qr(a, Qr.fullMatrices(false));
    Operand<TNumber> d = tf.linalg.matrixDiagPartV3(qr.r(), tf.constant(0), zero(tf, dtype));
    Operand<TNumber> q = tf.math.mul(qr.q(), tf.math.sign(d));
    if (rows < cols) {
      q = tf.linalg.transpose(q, tf.constant(new int[] {1, 0}));
    }
    Operand<TNumber> reshaped = tf.reshape(q, tf.constant(dims));
    Operand<TNumber> g = Operands.typed(TfScalars.convertToTensor(tf, gain, dtype, "Orthogonal `gain`"));
    return tf.math.mul(g, reshaped);
  }

  private static Operand<TNumber> zero(Ops tf, DType dtype) {
    return Operands.typed(TfScalars.floatConstant(tf, 0.0, dtype));
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    super.putConfig(config);
    config.put("gain", gain);
  }
}
