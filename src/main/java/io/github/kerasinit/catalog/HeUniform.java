package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import java.util.List;

/**
 * {@code keras.initializers.HeUniform(seed=None, input_axes=None, output_axes=None)}: He uniform, limit {@code sqrt(6 / fan_in)}. Alias {@code he_uniform}.
 *
 * <p>Equal to {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")}; its config holds only the seed and
 * the axes.
 */
public final class HeUniform extends VarianceScaling {
  public HeUniform(Seed seed) {
    this(seed, null, null);
  }

  public HeUniform(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
    super(Preset.HE_UNIFORM, seed, inputAxes, outputAxes);
  }
}
