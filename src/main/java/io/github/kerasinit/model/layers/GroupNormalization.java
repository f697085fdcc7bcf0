package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;

/** {@code GroupNormalization(groups=32, axis=-1, center=True, scale=True)}: {@code gamma}, {@code beta} of (C,). */
public final class GroupNormalization extends Layer {
  private final long groups;
  private final long axis;
  private final boolean center;
  private final boolean scale;
  private final KerasInitializer betaInitializer;
  private final KerasInitializer gammaInitializer;

  public GroupNormalization(LayerConfig config, ModelContext context) {
    super(config, context);
    if (config.values().containsKey("groups") && config.raw("groups") == null) { // Keras: "invalid value for `groups`"
      throw new KerasInitException("layer " + this + ": `groups` = null; Keras requires a positive integer, or -1 for"
          + " instance normalization");
    }
    groups = config.integer("groups", 32);
    if (groups <= 0 && groups != -1) {
      throw new KerasInitException("layer " + this + ": `groups` = " + groups + "; expected a positive integer, or -1"
          + " for instance normalization, as Keras requires");
    }
    List<Long> axes = normalizationAxis(true);
    axis = axes == null ? -1 : axes.get(0);
    center = config.bool("center", true);
    scale = config.bool("scale", true);
    betaInitializer = initializer("beta_initializer", "zeros");
    gammaInitializer = initializer("gamma_initializer", "ones");
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    long dim = in[Dims.axis(axis, in.length)];
    long g = groups == -1 ? dim : groups;
    if (dim == Dims.UNKNOWN || dim < g || dim % g != 0) {
      throw new KerasInitException("layer " + this + ": " + dim + " channels cannot form " + g + " groups");
    }
    if (scale) {
      addWeight("gamma", new long[] {dim}, WeightInit.of(gammaInitializer), true);
    }
    if (center) {
      addWeight("beta", new long[] {dim}, WeightInit.of(betaInitializer), true);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(single(inputs));
  }
}
