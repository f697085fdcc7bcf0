package io.github.kerasinit.model.layers;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.catalog.Ones;
import io.github.kerasinit.catalog.Zeros;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The preprocessing {@code Normalization(axis=-1, mean=None, variance=None)}: without a given mean, non-trainable
 * {@code mean} (zeros) and {@code variance} (ones) over the kept axes and an int64 scalar {@code count} (zero).
 */
public final class Normalization extends Layer {
  private final List<Long> axes;
  private final boolean hasMean;

  public Normalization(LayerConfig config, ModelContext context) {
    super(config, context);
    List<Long> a = config.intList("axis");
    // axis=None is Keras' axis=(): one mean and variance over everything, shape ()
    axes = !config.values().containsKey("axis") ? List.of(-1L) : a == null ? List.of() : a;
    hasMean = config.raw("mean") != null;
    if (hasMean != (config.raw("variance") != null)) {
      throw new KerasInitException("layer " + this + ": `mean` and `variance` must be set together, as Keras requires"
          + " (got only `" + (hasMean ? "mean" : "variance") + "`)");
    }
  }

  @Override
  protected void build(List<long[]> inputs) {
    if (hasMean) {
      return;
    }
    long[] in = single(inputs);
    TreeSet<Integer> keep = new TreeSet<>();
    for (long axis : axes) {
      keep.add(Dims.axis(axis, in.length));
    }
    List<Long> shape = new ArrayList<>();
    for (int d : keep) {
      shape.add(in[d]);
    }
    long[] s = shape.stream().mapToLong(Long::longValue).toArray();
    addWeight("mean", s, WeightInit.of(new Zeros()), false);
    addWeight("variance", s, WeightInit.of(new Ones()), false);
    addWeight("count", new long[0], WeightInit.of(new Zeros()), false, DType.INT64);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(single(inputs));
  }
}
