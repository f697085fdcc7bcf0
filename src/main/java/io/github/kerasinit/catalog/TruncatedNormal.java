package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.StatelessDraws;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}: a normal distribution truncated at two standard deviations,
 * {@code stateless_truncated_normal(shape, seed) * stddev + mean} (values beyond 2 stddev are redrawn). Alias {@code truncated_normal}.
 * Float dtypes only. Keras does not validate {@code stddev} (0 and negatives are accepted).
 */
public final class TruncatedNormal extends MeanStddevInitializer {
  /** Keras' defaults with the given seed. */
  public TruncatedNormal(Seed seed) {
    this(DEFAULT_MEAN, DEFAULT_STDDEV, seed);
  }

  /** @param mean a Python number (Long or Double) @param stddev a Python number */
  public TruncatedNormal(Number mean, Number stddev, Seed seed) {
    super("TruncatedNormal", mean, stddev, seed);
  }

  /** From a Keras config: {@code mean}, {@code stddev}, {@code seed} (checked before an unseeded one draws). */
  public static TruncatedNormal fromConfig(InitializerConfig config) {
    return fromConfig(config, TruncatedNormal::new);
  }

  @Override
  public String className() {
    return "TruncatedNormal";
  }

  /** {@code |stddev|} times the stddev of a unit normal truncated to [-2, 2]. */
  @Override
  public Double expectedStddev(Shape shape) {
    return Math.abs(stddev()) * StatelessDraws.TRUNCATED_UNIT_STDDEV;
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    return StatelessDraws.truncatedNormal(tf, shape, seed.nextTfSeed(), mean, stddev, dtype, className());
  }

  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    return StatelessDraws.truncatedNormalRange(tf, start, end, seed.nextTfSeed(), mean, stddev, dtype, className());
  }
}
