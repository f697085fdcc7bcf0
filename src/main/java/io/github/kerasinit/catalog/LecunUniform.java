package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import java.util.List;

/**
 * {@code keras.initializers.LecunUniform(seed=None, input_axes=None, output_axes=None)}: LeCun uniform, limit {@code sqrt(3 / fan_in)}. Alias {@code lecun_uniform}.
 *
 * <p>Equal to {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform")}; its config holds only the seed and
 * the axes.
 */
public final class LecunUniform extends VarianceScaling {
  public LecunUniform(Seed seed) {
    this(seed, null, null);
  }

  public LecunUniform(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
    super(Preset.LECUN_UNIFORM, seed, inputAxes, outputAxes);
  }
}
