package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.StatelessDraws;
import io.github.kerasinit.tensor.PyValues;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.RandomUniform(minval=-0.05, maxval=0.05, seed=None)}: a uniform distribution on
 * {@code [minval, maxval)}, {@code stateless_uniform(shape, seed) * (maxval - minval) + minval}. Aliases
 * {@code random_uniform}, {@code uniform}.
 *
 * <p>As in Keras the bounds go through {@code tf.cast}: float32 first, even for float64. int32 and int64 draw
 * integers between the truncated bounds (which must differ: the defaults both truncate to 0). Keras does not check
 * {@code minval <= maxval} for floats.
 */
public final class RandomUniform extends RandomInitializer {
  public static final double DEFAULT_MINVAL = -0.05;
  public static final double DEFAULT_MAXVAL = 0.05;

  private final Object minval;
  private final Object maxval;

  public RandomUniform(Seed seed) {
    this(DEFAULT_MINVAL, DEFAULT_MAXVAL, seed);
  }

  /** From a Keras config: {@code minval}, {@code maxval}, {@code seed} (checked before an unseeded one draws). */
  public static RandomUniform fromConfig(InitializerConfig config) {
    Object minval = config.number("minval", DEFAULT_MINVAL);
    Object maxval = config.number("maxval", DEFAULT_MAXVAL);
    config.finish("seed");
    return new RandomUniform((Number) minval, (Number) maxval, config.seed());
  }

  public RandomUniform(Number minval, Number maxval, Seed seed) {
    super(seed);
    this.minval = Arguments.number("RandomUniform", "minval", minval);
    this.maxval = Arguments.number("RandomUniform", "maxval", maxval);
  }

  @Override
  public String className() {
    return "RandomUniform";
  }

  /** {@code |maxval - minval| / sqrt(12)}. */
  @Override
  public Double expectedStddev(Shape shape) {
    return Math.abs(maxval() - minval()) / Math.sqrt(12);
  }

  public double minval() {
    return PyValues.toDouble(minval);
  }

  public double maxval() {
    return PyValues.toDouble(maxval);
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    return StatelessDraws.uniform(tf, shape, seed.nextTfSeed(), minval, maxval, dtype, className());
  }

  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    return StatelessDraws.uniformRange(tf, start, end, seed.nextTfSeed(), minval, maxval, dtype, className());
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    super.putConfig(config);
    config.put("minval", minval);
    config.put("maxval", maxval);
  }
}
