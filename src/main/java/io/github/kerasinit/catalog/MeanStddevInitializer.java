package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import io.github.kerasinit.tensor.PyValues;
import java.util.Map;

/**
 * What RandomNormal and TruncatedNormal share: {@code mean} and {@code stddev}, Python numbers kept as given (Keras
 * serializes {@code 1} and {@code 1.0} differently), in Keras' config order after the seed.
 */
public abstract class MeanStddevInitializer extends RandomInitializer {
  /** Both classes' defaults in Keras: {@code mean=0.0, stddev=0.05}. */
  public static final double DEFAULT_MEAN = 0.0;
  public static final double DEFAULT_STDDEV = 0.05;

  protected final Object mean;
  protected final Object stddev;

  protected MeanStddevInitializer(String className, Number mean, Number stddev, Seed seed) {
    super(seed);
    this.mean = Arguments.number(className, "mean", mean);
    this.stddev = Arguments.number(className, "stddev", stddev);
  }

  /** A subclass's constructor {@code (mean, stddev, seed)}. */
  protected interface Constructor<T extends MeanStddevInitializer> {
    T create(Number mean, Number stddev, Seed seed);
  }

  /** From a Keras config: {@code mean}, {@code stddev}, then {@code seed} (an unseeded one draws last). */
  protected static <T extends MeanStddevInitializer> T fromConfig(InitializerConfig config, Constructor<T> create) {
    Object mean = config.number("mean", DEFAULT_MEAN);
    Object stddev = config.number("stddev", DEFAULT_STDDEV);
    config.finish("seed");
    return create.create((Number) mean, (Number) stddev, config.seed());
  }

  public double mean() {
    return PyValues.toDouble(mean);
  }

  public double stddev() {
    return PyValues.toDouble(stddev);
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    super.putConfig(config);
    config.put("mean", mean);
    config.put("stddev", stddev);
  }
}
