package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.Arrays;
import java.util.List;

/** {@code PReLU(alpha_initializer="zeros", shared_axes=None)}: {@code alpha} of shape input[1:], shared axes 1. */
public final class PReLU extends Layer {
  private final KerasInitializer alphaInitializer;
  private final List<Long> sharedAxes;

  public PReLU(LayerConfig config, ModelContext context) {
    super(config, context);
    alphaInitializer = initializer("alpha_initializer", "zeros");
    sharedAxes = config.intList("shared_axes");
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    long[] shape = Arrays.copyOfRange(in, 1, in.length);
    if (sharedAxes != null) {
      for (long axis : sharedAxes) {
        shape[(int) axis - 1] = 1;
      }
    }
    addWeight("alpha", shape, WeightInit.of(alphaInitializer), true);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(single(inputs));
  }
}
