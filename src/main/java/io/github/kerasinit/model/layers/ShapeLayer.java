package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Layers without weights: activations, dropout and noise, pooling, reshaping, merging, padding, cropping,
 * upsampling, rescaling, random augmentation. They pass shapes through by Keras' rules. Those that hold a
 * SeedGenerator (dropout and noise with a positive rate, random preprocessing layers) take Keras' draws when made
 * ({@link SeedDraws}).
 */
public final class ShapeLayer extends Layer {
  /** Same shape out as in. */
  public static final Set<String> ELEMENTWISE = Set.of("Activation", "ReLU", "LeakyReLU", "ELU", "Softmax",
      "ThresholdedReLU", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
      "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Masking", "Rescaling", "UnitNormalization",
      "Identity", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
      "RandomBrightness", "RandomHue", "RandomSaturation", "RandomGrayscale", "RandomSharpness", "RandomShear",
      "RandomInvert", "RandomPosterization", "RandomColorDegeneration", "RandomColorJitter", "RandomGaussianBlur",
      "RandomErasing", "RandomPerspective", "RandomElasticTransform", "Solarization", "AutoContrast", "Equalization",
      "AugMix", "RandAugment", "CutMix", "MixUp");
  /** Merging layers with broadcasting shapes. */
  public static final Set<String> MERGE = Set.of("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum");
  public static final Set<String> SHAPING = Set.of("Flatten", "Reshape", "Permute", "RepeatVector", "Concatenate",
      "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D",
      "UpSampling2D", "UpSampling3D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D",
      "AveragePooling2D", "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
      "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "Dot");
  private final String kind;

  public ShapeLayer(LayerConfig config, ModelContext context, String kind) {
    super(config, context);
    this.kind = kind;
    if (kind.contains("Dropout")) {
      config.fraction("rate", 0.0);
    } else if (kind.equals("GaussianNoise")) {
      config.fraction("stddev", 0.0);
    }
    for (int i = SeedDraws.of(config); i > 0; i--) {
      seedGenerator(null); // an unseeded SeedGenerator (dropout and noise with a positive rate, random layers)
    }
    for (AugmentationSublayers.Sublayer sub : AugmentationSublayers.of(config, name())) {
      if (sub.name() == null) {
        trackWeightless(sub.attribute(), sub.className());
      } else {
        trackWeightless(sub.attribute(), sub.className(), sub.name());
      }
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    if (ELEMENTWISE.contains(kind)) {
      return one(single(inputs));
    }
    if (MERGE.contains(kind)) {
      return one(broadcast(inputs));
    }
    long[] in = kind.equals("Concatenate") || kind.equals("Dot") ? null : single(inputs);
    int ndim = inputRank();
    if (ndim > 0) {
      checkNdim(in, ndim);
    }
    switch (kind) {
      case "Flatten":
        config.channelsFirst(); // checked as Keras checks it; the flattened size is the same either way
        return one(new long[] {in[0], Dims.product(in, 1, in.length)});
      case "Reshape":
        return one(reshape(in));
      case "Permute": {
        List<Long> dims = config.intList("dims");
        if (dims == null || !dims.stream().sorted().toList().equals(
            java.util.stream.LongStream.rangeClosed(1, dims.size()).boxed().toList())) {
          // Keras' constructor: "The set of indices in `dims` must be consecutive and start from 1."
          throw new KerasInitException("layer " + this + ": `dims` = " + PythonText.json(config.raw("dims"))
              + "; expected a permutation of 1 to " + (in.length - 1) + ", as Keras requires");
        }
        long[] out = new long[in.length];
        out[0] = in[0];
        for (int i = 0; i < dims.size(); i++) {
          out[i + 1] = in[Math.toIntExact(dims.get(i))];
        }
        return one(out);
      }
      case "RepeatVector":
        return one(new long[] {in[0], config.requiredPositive("n"), in[1]});
      case "Concatenate":
        return one(concatenate(inputs));
      case "Dot":
        return one(dot(inputs));
      default:
        return one(spatial(in));
    }
  }

  private long[] broadcast(List<long[]> inputs) {
    long[] out = Dims.broadcast(inputs);
    if (out == null) {
      throw new KerasInitException("layer " + this + ": input shapes " + formatShapes(inputs) + " do not match");
    }
    return out;
  }

  /**
   * The input rank Keras' InputSpec requires: n + 2 for the n-D pooling, padding, cropping and upsampling layers, 2 for
   * RepeatVector, one more than its dims for Permute; 0 where it sets none.
   */
  private int inputRank() {
    if (kind.equals("RepeatVector")) {
      return 2;
    }
    if (kind.equals("Permute") && config.raw("dims") instanceof List) {
      return ((List<?>) config.raw("dims")).size() + 1;
    }
    for (int n = 1; n <= 3; n++) {
      if (kind.endsWith(n + "D") && SHAPING.contains(kind)) {
        return n + 2;
      }
    }
    return 0;
  }

  /**
   * Keras 3.15.1's Reshape ({@code compute_reshape_output_shape}): a list of ints from -1 up with at most one -1, where
   * any other value (null, a float) is a dim Keras leaves unknown. With an unknown dim in the input or the target, a -1
   * stays unknown and the size is not checked; otherwise the size must be unchanged.
   */
  private long[] reshape(long[] in) {
    Object raw = config.raw("target_shape");
    if (!(raw instanceof List)) {
      throw new KerasInitException("layer " + this + ": `target_shape` = " + PythonText.json(raw)
          + "; Keras requires a list of dims");
    }
    List<?> target = (List<?>) raw;
    long[] out = new long[target.size() + 1];
    out[0] = in[0];
    int minusOnes = 0;
    boolean unknown = false;
    for (int i = 0; i < target.size(); i++) {
      Object d = target.get(i);
      // Keras: "dim if isinstance(dim, (int, np.integer)) else None"; a bool, which Python counts as an int, stays
      // unknown here (a difference docs/reliability.md lists)
      if (!PyValues.isInt(d)) {
        out[i + 1] = Dims.UNKNOWN;
        unknown = true;
        continue;
      }
      out[i + 1] = PyValues.toLongExact(d, "layer " + this + ": `target_shape`");
      if (out[i + 1] < -1 || out[i + 1] == -1 && ++minusOnes > 1) {
        throw new KerasInitException("layer " + this + ": `target_shape` = " + PythonText.json(raw) + "; Keras"
            + " requires dims of 0 or more and at most one -1");
      }
    }
    long total = Dims.product(in, 1, in.length);
    if (unknown || total == Dims.UNKNOWN) {
      return out; // a -1 is Dims.UNKNOWN already
    }
    long known = 1;
    int inferred = -1;
    for (int i = 1; i < out.length; i++) {
      if (out[i] == -1) {
        inferred = i;
      } else {
        known *= out[i];
      }
    }
    if (inferred >= 0 ? known == 0 || total % known != 0 : total != known) {
      throw new KerasInitException("layer " + this + ": cannot reshape input " + Dims.format(in) + " to "
          + PythonText.json(raw) + ": the total size must be unchanged, as Keras requires");
    }
    if (inferred >= 0) {
      out[inferred] = total / known;
    }
    return out;
  }

  private long[] concatenate(List<long[]> inputs) {
    int rank = inputs.get(0).length;
    int axis = Dims.axis(config.integer("axis", -1), rank);
    long[] out = inputs.get(0).clone();
    for (int i = 1; i < inputs.size(); i++) {
      long[] other = inputs.get(i);
      for (int k = 0; k < rank; k++) {
        if (other.length != rank || k != axis && other[k] != out[k] && other[k] != Dims.UNKNOWN
            && out[k] != Dims.UNKNOWN) {
          throw new KerasInitException("layer " + this + ": a Concatenate layer requires inputs with matching shapes"
              + " except for the concatenation axis, as Keras does; got " + formatShapes(inputs) + " on axis " + axis);
        }
      }
      long d = other[axis];
      out[axis] = out[axis] == Dims.UNKNOWN || d == Dims.UNKNOWN ? Dims.UNKNOWN : out[axis] + d;
    }
    return out;
  }

  private long[] dot(List<long[]> inputs) {
    long[] a = inputs.get(0);
    long[] b = inputs.get(1);
    List<Long> axes = config.intList("axes");
    int ax = Dims.axis(axes.get(0), a.length);
    int bx = Dims.axis(axes.get(axes.size() > 1 ? 1 : 0), b.length);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (i != ax) {
        out.add(a[i]);
      }
    }
    for (int i = 1; i < b.length; i++) {
      if (i != bx) {
        out.add(b[i]);
      }
    }
    if (out.size() == 1) {
      out.add(1L);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** Pooling, global pooling, padding, cropping, upsampling: a rule per spatial dim. */
  private long[] spatial(long[] in) {
    int rank = in.length - 2;
    boolean channelsFirst = config.channelsFirst();
    int first = channelsFirst ? 2 : 1;
    long channels = channelsFirst ? in[1] : in[in.length - 1];
    if (kind.startsWith("Global")) {
      boolean keepdims = config.bool("keepdims", false);
      if (!keepdims) {
        return new long[] {in[0], channels};
      }
      long[] out = in.clone();
      for (int i = 0; i < rank; i++) {
        out[first + i] = 1;
      }
      return out;
    }
    long[] out = in.clone();
    for (int i = 0; i < rank; i++) {
      long d = in[first + i];
      out[first + i] = d == Dims.UNKNOWN ? Dims.UNKNOWN : spatialDim(d, i, rank);
    }
    return out;
  }

  private long spatialDim(long d, int i, int rank) {
    if (kind.contains("Pooling")) {
      long[] pool = config.positiveTuple("pool_size", rank, fill(rank, 2));
      // Keras' constructor lets strides 0 through, and its call then raises ZeroDivisionError
      long[] strides = config.has("strides") ? config.positiveTuple("strides", rank, pool) : pool;
      long out = config.padding(false).equals("same") ? Math.floorDiv(d - 1, strides[i]) + 1
          : Math.floorDiv(d - pool[i], strides[i]) + 1;
      if (out <= 0) {
        throw new KerasInitException("layer " + this + ": computed output size would be zero or negative for input"
            + " size " + d + ", `pool_size` = " + Arrays.toString(pool) + ", `strides` = " + Arrays.toString(strides)
            + ", as Keras refuses");
      }
      return out;
    }
    if (kind.startsWith("UpSampling")) {
      return d * config.positiveTuple("size", rank, fill(rank, 2))[i];
    }
    long[][] pads = pairs(kind.startsWith("ZeroPadding") ? "padding" : "cropping", rank);
    long change = pads[i][0] + pads[i][1];
    if (kind.startsWith("Cropping") && change >= d) {
      throw new KerasInitException("layer " + this + ": `cropping` = " + PythonText.json(config.raw("cropping"))
          + " removes " + change + " of " + d + " values of a spatial dimension; Keras requires less than the"
          + " dimension");
    }
    return kind.startsWith("ZeroPadding") ? d + change : d - change;
  }

  /**
   * ZeroPadding's and Cropping's (before, after) amounts per spatial dim, read as their Keras constructors read them.
   * 1D: {@code standardize_tuple(value, 2)}, an int or two ints. 2D and 3D: an int for every dim, or one entry per
   * dim, each an int or two ints. No amount may be negative, except a single int padding (Keras pads by -1 too). A
   * float, a null or an entry count other than the dims' is refused, as Keras refuses it. Absent: the class's default
   * (1 everywhere, except Cropping2D's 0).
   */
  private long[][] pairs(String key, int rank) {
    Object v = config.raw(key);
    boolean cropping = kind.startsWith("Cropping");
    long[][] out = new long[rank][];
    if (!config.values().containsKey(key)) {
      long def = kind.equals("Cropping2D") ? 0 : 1;
      for (int i = 0; i < rank; i++) {
        out[i] = new long[] {def, def};
      }
    } else if (rank == 1) {
      out[0] = pair(key, v, v);
    } else if (PyValues.isInt(v)) {
      long amount = PyValues.toLongExact(v, "layer " + this + ": `" + key + "`");
      if (cropping && amount < 0) {
        throw new KerasInitException("layer " + this + ": `cropping` = " + amount + "; Keras requires values of 0"
            + " or more");
      }
      for (int i = 0; i < rank; i++) {
        out[i] = new long[] {amount, amount};
      }
    } else if (v instanceof List && ((List<?>) v).size() == rank) {
      for (int i = 0; i < rank; i++) {
        out[i] = pair(key, v, ((List<?>) v).get(i));
      }
    } else {
      throw new KerasInitException("layer " + this + ": `" + key + "` = " + PythonText.json(v) + "; Keras requires an"
          + " int, or " + rank + " entries (one per spatial dimension), each an int or 2 ints");
    }
    return out;
  }

  /** Keras' {@code standardize_tuple(entry, 2, allow_zero=True)}: an int or two ints, none negative. */
  private long[] pair(String key, Object whole, Object entry) {
    List<?> values = PyValues.isInt(entry) ? List.of(entry, entry) : entry instanceof List ? (List<?>) entry : null;
    if (values == null || values.size() != 2 || !PyValues.isInt(values.get(0)) || !PyValues.isInt(values.get(1))) {
      throw new KerasInitException("layer " + this + ": `" + key + "` = " + PythonText.json(whole) + "; Keras requires"
          + " an int or 2 ints" + (whole == entry ? "" : " for each spatial dimension"));
    }
    String what = "layer " + this + ": `" + key + "`";
    long[] out = {PyValues.toLongExact(values.get(0), what), PyValues.toLongExact(values.get(1), what)};
    if (out[0] < 0 || out[1] < 0) {
      throw new KerasInitException("layer " + this + ": `" + key + "` = " + PythonText.json(whole) + "; Keras requires"
          + " values of 0 or more");
    }
    return out;
  }

  private static long[] fill(int n, long v) {
    long[] a = new long[n];
    Arrays.fill(a, v);
    return a;
  }
}
