package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.StatelessDraws;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)}: a normal distribution,
 * {@code stateless_normal(shape, seed) * stddev + mean}. Aliases {@code random_normal}, {@code normal}.
 * Float dtypes only. Keras does not validate {@code stddev} (0 and negatives are accepted).
 */
public final class RandomNormal extends MeanStddevInitializer {
  /** Keras' defaults with the given seed. */
  public RandomNormal(Seed seed) {
    this(DEFAULT_MEAN, DEFAULT_STDDEV, seed);
  }

  /** @param mean a Python number (Long or Double) @param stddev a Python number */
  public RandomNormal(Number mean, Number stddev, Seed seed) {
    super("RandomNormal", mean, stddev, seed);
  }

  /** From a Keras config: {@code mean}, {@code stddev}, {@code seed} (checked before an unseeded one draws). */
  public static RandomNormal fromConfig(InitializerConfig config) {
    return fromConfig(config, RandomNormal::new);
  }

  @Override
  public String className() {
    return "RandomNormal";
  }

  /** {@code |stddev|}. */
  @Override
  public Double expectedStddev(Shape shape) {
    return Math.abs(stddev());
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    return StatelessDraws.normal(tf, shape, seed.nextTfSeed(), mean, stddev, dtype, className());
  }

  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    return StatelessDraws.normalRange(tf, start, end, seed.nextTfSeed(), mean, stddev, dtype, className());
  }
}
