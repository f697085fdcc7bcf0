package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import java.util.List;

/**
 * {@code keras.initializers.GlorotUniform(seed=None, input_axes=None, output_axes=None)}: Glorot (Xavier) uniform, limit {@code sqrt(6 / (fan_in + fan_out))}. Alias {@code glorot_uniform}.
 *
 * <p>Equal to {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")}; its config holds only the seed and
 * the axes.
 */
public final class GlorotUniform extends VarianceScaling {
  public GlorotUniform(Seed seed) {
    this(seed, null, null);
  }

  public GlorotUniform(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
    super(Preset.GLOROT_UNIFORM, seed, inputAxes, outputAxes);
  }
}
