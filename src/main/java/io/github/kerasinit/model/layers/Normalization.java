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
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The preprocessing {@code Normalization(axis=-1, mean=None, variance=None)}: without a given mean, non-trainable
 * {@code mean} (zeros) and {@code variance} (ones) over the kept axes and an int64 scalar {@code count} (zero).
 */
public final class Normalization extends Layer {
  private final List<Long> axes;
  private final boolean hasMean;
  /** The given mean's (and variance's) shape; null without one. */
  private final long[] meanShape;

  public Normalization(LayerConfig config, ModelContext context) {
    super(config, context);
    List<Long> a = config.axes("axis");
    // axis=None is Keras' axis=(): one mean and variance over everything, shape ()
    axes = !config.values().containsKey("axis") ? List.of(-1L) : a == null ? List.of() : a;
    hasMean = config.raw("mean") != null;
    if (hasMean != (config.raw("variance") != null)) {
      throw new KerasInitException("layer " + this + ": `mean` and `variance` must be set together, as Keras requires"
          + " (got only `" + (hasMean ? "mean" : "variance") + "`)");
    }
    meanShape = hasMean ? arrayShape("mean") : null;
    if (hasMean && !Arrays.equals(meanShape, arrayShape("variance"))) {
      throw new KerasInitException("layer " + this + ": `mean` and `variance` must have the same shape, as Keras"
          + " requires; got " + Dims.format(meanShape) + " and " + Dims.format(arrayShape("variance")));
    }
    if (hasMean && meanShape.length > axes.size()) {
      throw new KerasInitException("layer " + this + ": the rank of `mean` must be at most the number of axes ("
          + axes.size() + "), as Keras requires; got a mean of shape " + Dims.format(meanShape));
    }
  }

  /** numpy's {@code np.shape} of a number or nested lists of numbers; refused where numpy finds no shape. */
  private long[] arrayShape(String key) {
    List<Long> shape = new ArrayList<>();
    Object v = config.raw(key);
    while (v instanceof List && !((List<?>) v).isEmpty()) {
      shape.add((long) ((List<?>) v).size());
      v = ((List<?>) v).get(0);
    }
    if (v instanceof List) {
      shape.add(0L);
    }
    long[] out = shape.stream().mapToLong(Long::longValue).toArray();
    if (!regular(config.raw(key), out, 0)) {
      throw new KerasInitException("layer " + this + ": `" + key + "` = " + PythonText.abbreviate(PythonText.json(
          config.raw(key))) + "; Keras requires a number or a regular nested list of numbers");
    }
    return out;
  }

  private static boolean regular(Object v, long[] shape, int depth) {
    if (depth == shape.length) {
      return PyValues.isNumber(v);
    }
    if (!(v instanceof List) || ((List<?>) v).size() != shape[depth]) {
      return false;
    }
    for (Object e : (List<?>) v) {
      if (!regular(e, shape, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    List<Integer> keep = new ArrayList<>(); // sorted, and a repeated axis kept twice, as Keras' _keep_axis
    for (long axis : axes) {
      keep.add(Dims.axis(axis, in.length));
    }
    keep.sort(null);
    List<Long> shape = new ArrayList<>();
    for (int d : keep) {
      if (in[d] == Dims.UNKNOWN) {
        throw new KerasInitException("layer " + this + ": the axes it keeps must have a known size, as Keras requires;"
            + " axis " + d + " of input " + Dims.format(in) + " is unknown");
      }
      shape.add(in[d]);
    }
    long[] s = shape.stream().mapToLong(Long::longValue).toArray();
    if (hasMean) {
      checkBroadcast(s);
      return; // a given mean and variance are constants, not weights
    }
    addWeight("mean", s, WeightInit.of(new Zeros()), false);
    addWeight("variance", s, WeightInit.of(new Ones()), false);
    addWeight("count", new long[0], WeightInit.of(new Zeros()), false, DType.INT64);
  }

  /**
   * Keras' build: the given mean's dims, matched to the kept axes from the right, must broadcast to their sizes
   * ({@code ops.broadcast_to}: each 1 or the axis' size).
   */
  private void checkBroadcast(long[] kept) {
    for (int i = 1; i <= meanShape.length; i++) {
      long d = meanShape[meanShape.length - i];
      if (i > kept.length || d != 1 && d != kept[kept.length - i]) {
        throw new KerasInitException("layer " + this + ": `mean` of shape " + Dims.format(meanShape) + " does not"
            + " broadcast to the kept axes' sizes " + Dims.format(kept) + ", as Keras requires");
      }
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(single(inputs));
  }
}
