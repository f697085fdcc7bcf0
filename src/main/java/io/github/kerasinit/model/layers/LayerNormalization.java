package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;

/**
 * {@code LayerNormalization(axis=-1, center=True, scale=True, rms_scaling=False)}: {@code gamma} (ones) and
 * {@code beta} (zeros) over the normalized axes (sorted, as Keras sorts them).
 */
public final class LayerNormalization extends Layer {
  private final List<Long> axes;
  private final boolean center;
  private final boolean scale;
  private final boolean rmsScaling;
  private final KerasInitializer betaInitializer;
  private final KerasInitializer gammaInitializer;

  public LayerNormalization(LayerConfig config, ModelContext context) {
    super(config, context);
    List<Long> a = normalizationAxis(false);
    axes = a == null ? List.of(-1L) : a;
    center = config.bool("center", true);
    scale = config.bool("scale", true);
    rmsScaling = config.bool("rms_scaling", false);
    betaInitializer = initializer("beta_initializer", "zeros");
    gammaInitializer = initializer("gamma_initializer", "ones");
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    long[] shape = Dims.onAxes(in, axes);
    if (scale || rmsScaling) {
      addWeight("gamma", shape, WeightInit.of(gammaInitializer), true);
    }
    if (center && !rmsScaling) {
      addWeight("beta", shape, WeightInit.of(betaInitializer), true);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(single(inputs));
  }
}
