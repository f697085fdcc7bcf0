package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.tensor.PyValues;
import java.util.List;

/**
 * {@code BatchNormalization(axis=-1, center=True, scale=True)}: {@code gamma} (ones), {@code beta} (zeros), then the
 * non-trainable {@code moving_mean} (zeros) and {@code moving_variance} (ones), each of shape (input[axis],). Keras 2
 * configs write the axis as a one-element list.
 */
public final class BatchNormalization extends Layer {
  private final long axis;
  private final boolean center;
  private final boolean scale;
  private final KerasInitializer betaInitializer;
  private final KerasInitializer gammaInitializer;
  private final KerasInitializer movingMeanInitializer;
  private final KerasInitializer movingVarianceInitializer;

  public BatchNormalization(LayerConfig config, ModelContext context) {
    super(config, context);
    axis = axis();
    center = config.bool("center", true);
    scale = config.bool("scale", true);
    betaInitializer = initializer("beta_initializer", "zeros");
    gammaInitializer = initializer("gamma_initializer", "ones");
    movingMeanInitializer = initializer("moving_mean_initializer", "zeros");
    movingVarianceInitializer = initializer("moving_variance_initializer", "ones");
  }

  /**
   * Keras' {@code self.axis = int(axis)}: an int, or what Python's {@code int()} makes one of (2.7 is 2, " 2 " is 2;
   * {@link PyValues#pythonInt}); null or a list is refused in a Keras 3 config ({@link #normalizationAxis}). A config
   * of Keras 2's form first goes through Keras 3's legacy loader, which unwraps a one-element list and drops an axis
   * that is neither a list nor a number (null, a string): the default, -1, stays.
   */
  private long axis() {
    Object v = config.raw("axis");
    if (!config.values().containsKey("axis")) {
      return -1;
    }
    if (readAsKeras3() || v instanceof List && ((List<?>) v).size() != 1) {
      if (v == null || v instanceof List) {
        return normalizationAxis(true).get(0); // refuses null and lists in Keras 3's terms, or a list of several
      }
    } else if (v instanceof List) {
      v = ((List<?>) v).get(0);
    } else if (!(v instanceof Number) && !(v instanceof Boolean)) {
      return -1;
    }
    return PyValues.pythonInt(v, "layer " + this + ": `axis`");
  }

  /** The size of {@code axis} build gave the weights, which every call must match (Keras' InputSpec); -1 before. */
  private long builtDim = -1;

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    long dim = in[Dims.axis(axis, in.length)];
    if (dim == Dims.UNKNOWN) {
      throw new KerasInitException("layer " + this + ": axis " + axis + " of input " + Dims.format(in) + " is unknown");
    }
    builtDim = dim;
    long[] shape = {dim};
    if (scale) {
      addWeight("gamma", shape, WeightInit.of(gammaInitializer), true);
    }
    if (center) {
      addWeight("beta", shape, WeightInit.of(betaInitializer), true);
    }
    addWeight("moving_mean", shape, WeightInit.of(movingMeanInitializer), false);
    addWeight("moving_variance", shape, WeightInit.of(movingVarianceInitializer), false);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = single(inputs);
    checkBuiltAxis(in, (int) axis, builtDim);
    return one(in);
  }
}
