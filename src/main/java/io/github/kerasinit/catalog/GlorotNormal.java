package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import java.util.List;

/**
 * {@code keras.initializers.GlorotNormal(seed=None, input_axes=None, output_axes=None)}: Glorot (Xavier) normal, stddev {@code sqrt(2 / (fan_in + fan_out))}, truncated. Alias {@code glorot_normal}.
 *
 * <p>Equal to {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")}; its config holds only the seed and
 * the axes.
 */
public final class GlorotNormal extends VarianceScaling {
  public GlorotNormal(Seed seed) {
    this(seed, null, null);
  }

  public GlorotNormal(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
    super(Preset.GLOROT_NORMAL, seed, inputAxes, outputAxes);
  }
}
