package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.Operands;
import io.github.kerasinit.tensor.TfScalars;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.Identity(gain=1.0)}: {@code gain * eye(rows, cols)}, 2-D only; a non-square shape gets
 * ones on the main diagonal. Aliases {@code identity}, {@code IdentityInitializer}.
 *
 * <p>Keras does not serialize {@code gain} ({@code Identity(gain=2.0)} comes back from its config with gain 1.0).
 * keras-init writes {@code gain} into the config when it is not the default, and reads it back, so nothing is lost;
 * Keras itself accepts the key when it loads the config. Integer dtypes need an integer gain (as in Keras, where
 * the default 1.0 cannot become an int32).
 */
public final class Identity extends AbstractInitializer {
  public static final double DEFAULT_GAIN = 1.0;
  private final Object gain;

  public Identity() {
    this(DEFAULT_GAIN);
  }

  /** From a Keras config: {@code gain}. */
  public static Identity fromConfig(InitializerConfig config) {
    Object gain = config.number("gain", DEFAULT_GAIN);
    config.finish();
    return new Identity((Number) gain);
  }

  public Identity(Number gain) {
    this.gain = Arguments.number("Identity", "gain", gain);
  }

  @Override
  public String className() {
    return "Identity";
  }

  public Object gain() {
    return gain;
  }

  private static long[] requireMatrix(Shape shape) {
    long[] dims = shape.asArray();
    if (dims.length != 2) {
      throw new KerasInitException("Identity: the identity matrix initializer can only be used for 2D matrices; got"
          + " shape " + Arrays.toString(dims) + " of rank " + dims.length);
    }
    return dims;
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    long[] dims = requireMatrix(shape);
    Operand<TType> g = Operands.typed(TfScalars.convertToTensor(tf, gain, dtype, "Identity `gain`"));
    Operand<TType> eye = Eye.of(tf, dims[0], dims[1], dtype);
    return Multiply.elementwise(tf, g, eye, dtype);
  }

  @Override
  public boolean slicesSupported() {
    return true;
  }

  /** {@code gain * e} where {@code e} is 1 where the slice's flat index is on the diagonal and 0 elsewhere. */
  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    long[] dims = requireMatrix(shape);
    Operand<TType> g = Operands.typed(TfScalars.convertToTensor(tf, gain, dtype, "Identity `gain`"));
    Operand<TInt64> n = tf.constant(new long[] {end - start});
    Operand<TType> ones = Operands.typed(tf.fill(n, Eye.scalar(tf, 1, dtype)));
    Operand<TType> zeros = Operands.typed(tf.fill(n, Eye.scalar(tf, 0, dtype)));
    if (end == start) {
      return Multiply.elementwise(tf, g, zeros, dtype);
    }
    Operand<TInt64> flat = tf.range(tf.constant(start), tf.constant(end), tf.constant(1L));
    Operand<TInt64> cols = tf.constant(dims[1]);
    Operand<TType> eye = tf.select(tf.math.equal(tf.math.floorDiv(flat, cols), tf.math.floorMod(flat, cols)),
        ones, zeros);
    return Multiply.elementwise(tf, g, eye, dtype);
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    if (!(gain instanceof Double && (Double) gain == DEFAULT_GAIN)) {
      config.put("gain", gain);
    }
  }
}
