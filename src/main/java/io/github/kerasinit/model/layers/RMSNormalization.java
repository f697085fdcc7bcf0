package io.github.kerasinit.model.layers;

import io.github.kerasinit.catalog.Ones;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;

/**
 * {@code RMSNormalization(axis=-1, epsilon=1e-6)}: one weight, {@code scale}, of ones over the normalized axes (a
 * list is sorted, as Keras sorts it). Its initializer is the fixed string {@code "ones"}, not a config key, so it
 * draws no seed.
 */
public final class RMSNormalization extends Layer {
  private final List<Long> axes;

  public RMSNormalization(LayerConfig config, ModelContext context) {
    super(config, context);
    List<Long> a = normalizationAxis(false);
    axes = a == null ? List.of(-1L) : a;
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    long[] shape = Dims.onAxes(in, axes);
    addWeight("scale", shape, WeightInit.of(new Ones()), true);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(single(inputs));
  }
}
