package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import java.util.List;

/**
 * {@code keras.initializers.LecunNormal(seed=None, input_axes=None, output_axes=None)}: LeCun normal, stddev {@code sqrt(1 / fan_in)}, truncated. Alias {@code lecun_normal}.
 *
 * <p>Equal to {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}; its config holds only the seed and
 * the axes.
 */
public final class LecunNormal extends VarianceScaling {
  public LecunNormal(Seed seed) {
    this(seed, null, null);
  }

  public LecunNormal(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
    super(Preset.LECUN_NORMAL, seed, inputAxes, outputAxes);
  }
}
