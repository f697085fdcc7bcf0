package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import java.util.List;

/**
 * {@code keras.initializers.HeNormal(seed=None, input_axes=None, output_axes=None)}: He normal, stddev {@code sqrt(2 / fan_in)}, truncated. Alias {@code he_normal}.
 *
 * <p>Equal to {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")}; its config holds only the seed and
 * the axes.
 */
public final class HeNormal extends VarianceScaling {
  public HeNormal(Seed seed) {
    this(seed, null, null);
  }

  public HeNormal(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
    super(Preset.HE_NORMAL, seed, inputAxes, outputAxes);
  }
}
