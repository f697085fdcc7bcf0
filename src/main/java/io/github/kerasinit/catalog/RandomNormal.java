package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.StatelessDraws;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)}: a normal distribution,
 * {@code stateless_normal(shape, seed) * stddev + mean}. Aliases {@code random_normal}, {@code normal}.
 * Float dtypes only. Keras does not validate {@code stddev} (0 and negatives are accepted).
 */
public final class RandomNormal extends RandomInitializer {
  public static final double DEFAULT_MEAN = 0.0;
  public static final double DEFAULT_STDDEV = 0.05;

  private final Object mean;
  private final Object stddev;

  /** Keras' defaults with the given seed. */
  public RandomNormal(Seed seed) {
    this(DEFAULT_MEAN, DEFAULT_STDDEV, seed);
  }

  /** @param mean a Python number (Long or Double) @param stddev a Python number */
  public RandomNormal(Number mean, Number stddev, Seed seed) {
    super(seed);
    this.mean = Arguments.number("RandomNormal", "mean", mean);
    this.stddev = Arguments.number("RandomNormal", "stddev", stddev);
  }

  @Override
  public String className() {
    return "RandomNormal";
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    return StatelessDraws.normal(tf, shape, seed.nextTfSeed(), mean, stddev, dtype, className());
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    super.putConfig(config);
    config.put("mean", mean);
    config.put("stddev", stddev);
  }
}
