package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.random.Fans;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.StatelessDraws;
import io.github.kerasinit.tensor.PyValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
 * input_axes=None, output_axes=None)}: samples scaled to the layer's fans. Alias {@code variance_scaling}.
 *
 * <pre>
 * n = fan_in | fan_out | (fan_in + fan_out) / 2        (mode; each at least 1.0)
 * truncated_normal:   stddev = sqrt(scale / n) / .87962566103423978  (a truncated normal with that stddev)
 * untruncated_normal: stddev = sqrt(scale / n)
 * uniform:            limit  = sqrt(3 * scale / n), values in [-limit, limit)
 * </pre>
 *
 * Fans follow {@link Fans}; {@code input_axes}/{@code output_axes} (both or neither) choose the axes. The
 * distribution is matched case-insensitively and {@code "normal"} means {@code "truncated_normal"}; the config
 * stores the normalized name. GlorotNormal/Uniform, HeNormal/Uniform and LecunNormal/Uniform are presets.
 */
public class VarianceScaling extends RandomInitializer {
  /** {@code mode}. */
  public enum Mode {
    FAN_IN("fan_in"), FAN_OUT("fan_out"), FAN_AVG("fan_avg");

    final String kerasName;

    Mode(String kerasName) {
      this.kerasName = kerasName;
    }

    /** Case-sensitive, as in Keras. */
    public static Mode of(Object name) {
      for (Mode m : values()) {
        if (m.kerasName.equals(name)) {
          return m;
        }
      }
      throw KerasInitException.badArgument("VarianceScaling", "mode", name,
          "allowed: \"fan_in\", \"fan_out\", \"fan_avg\" (case-sensitive)");
    }

    @Override
    public String toString() {
      return kerasName;
    }
  }

  /** {@code distribution}. */
  public enum Distribution {
    TRUNCATED_NORMAL("truncated_normal"), UNTRUNCATED_NORMAL("untruncated_normal"), UNIFORM("uniform");

    final String kerasName;

    Distribution(String kerasName) {
      this.kerasName = kerasName;
    }

    /** Lower-cased first; {@code "normal"} is {@code "truncated_normal"}. */
    public static Distribution of(Object name) {
      if (name instanceof String) {
        String n = ((String) name).toLowerCase(Locale.ROOT);
        if (n.equals("normal")) {
          return TRUNCATED_NORMAL;
        }
        for (Distribution d : values()) {
          if (d.kerasName.equals(n)) {
            return d;
          }
        }
      }
      throw KerasInitException.badArgument("VarianceScaling", "distribution", name,
          "allowed: \"truncated_normal\" (or \"normal\"), \"untruncated_normal\", \"uniform\" (any case)");
    }

    @Override
    public String toString() {
      return kerasName;
    }
  }

  /**
   * Keras' six presets of VarianceScaling, the one table behind their classes, their names in the registry and
   * {@link #withFanAxes}: each is a scale, a mode and a distribution; their configs hold only the seed and the axes.
   */
  public enum Preset {
    GLOROT_UNIFORM("GlorotUniform", 1.0, Mode.FAN_AVG, Distribution.UNIFORM, GlorotUniform::new),
    GLOROT_NORMAL("GlorotNormal", 1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, GlorotNormal::new),
    HE_NORMAL("HeNormal", 2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, HeNormal::new),
    HE_UNIFORM("HeUniform", 2.0, Mode.FAN_IN, Distribution.UNIFORM, HeUniform::new),
    LECUN_NORMAL("LecunNormal", 1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, LecunNormal::new),
    LECUN_UNIFORM("LecunUniform", 1.0, Mode.FAN_IN, Distribution.UNIFORM, LecunUniform::new);

    /** A preset class's constructor: {@code (seed, input_axes, output_axes)}. */
    private interface Constructor {
      VarianceScaling create(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes);
    }

    private final String className;
    private final double scale;
    private final Mode mode;
    private final Distribution distribution;
    private final Constructor constructor;

    Preset(String className, double scale, Mode mode, Distribution distribution, Constructor constructor) {
      this.className = className;
      this.scale = scale;
      this.mode = mode;
      this.distribution = distribution;
      this.constructor = constructor;
    }

    /** The Keras class name, e.g. {@code "GlorotUniform"}. */
    public String className() {
      return className;
    }

    public VarianceScaling create(Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
      return constructor.create(seed, inputAxes, outputAxes);
    }

    /** From a Keras config: {@code seed}, {@code input_axes}, {@code output_axes}. */
    public VarianceScaling fromConfig(InitializerConfig config) {
      List<Integer> in = config.axes("input_axes");
      List<Integer> out = config.axes("output_axes");
      config.finish("seed");
      return create(config.seed(), in, out);
    }
  }

  public static final double DEFAULT_SCALE = 1.0;
  public static final Mode DEFAULT_MODE = Mode.FAN_IN;
  public static final Distribution DEFAULT_DISTRIBUTION = Distribution.TRUNCATED_NORMAL;

  private final Preset preset; // null for VarianceScaling itself
  private final Object scale;
  private final Mode mode;
  private final Distribution distribution;
  private final List<Integer> inputAxes;
  private final List<Integer> outputAxes;

  /** Keras' defaults: scale 1.0, fan_in, truncated_normal, no custom axes. */
  public VarianceScaling(Seed seed) {
    this(DEFAULT_SCALE, DEFAULT_MODE, DEFAULT_DISTRIBUTION, seed, null, null);
  }

  /**
   * From a Keras config: {@code scale}, {@code mode}, {@code distribution}, {@code seed}, {@code input_axes},
   * {@code output_axes}; all checked before an unseeded one draws its seed.
   */
  public static VarianceScaling fromConfig(InitializerConfig config) {
    Object scale = checkScale(config.number("scale", DEFAULT_SCALE)); // before an unseeded one draws its seed
    Mode mode = Mode.of(config.raw("mode", DEFAULT_MODE.kerasName));
    Distribution distribution = Distribution.of(config.raw("distribution", DEFAULT_DISTRIBUTION.kerasName));
    List<Integer> in = config.axes("input_axes");
    List<Integer> out = config.axes("output_axes");
    config.finish("seed");
    return new VarianceScaling((Number) scale, mode, distribution, config.seed(), in, out);
  }

  public VarianceScaling(Number scale, Mode mode, Distribution distribution, Seed seed) {
    this(scale, mode, distribution, seed, null, null);
  }

  /**
   * @param scale a positive number
   * @param inputAxes axes whose dims multiply into fan_in (used only with outputAxes), or null
   * @param outputAxes axes whose dims multiply into fan_out (used only with inputAxes), or null
   */
  public VarianceScaling(Number scale, Mode mode, Distribution distribution, Seed seed, List<Integer> inputAxes,
      List<Integer> outputAxes) {
    this(null, checkScale(scale), mode, distribution, seed, inputAxes, outputAxes);
  }

  /** A preset's instance: its scale, mode and distribution, and the given seed and axes. */
  protected VarianceScaling(Preset preset, Seed seed, List<Integer> inputAxes, List<Integer> outputAxes) {
    this(preset, preset.scale, preset.mode, preset.distribution, seed, inputAxes, outputAxes);
  }

  private VarianceScaling(Preset preset, Object scale, Mode mode, Distribution distribution, Seed seed,
      List<Integer> inputAxes, List<Integer> outputAxes) {
    super(seed);
    if (mode == null) {
      throw KerasInitException.badArgument("VarianceScaling", "mode", null, "allowed: fan_in, fan_out, fan_avg");
    }
    if (distribution == null) {
      throw KerasInitException.badArgument("VarianceScaling", "distribution", null,
          "allowed: truncated_normal, untruncated_normal, uniform");
    }
    this.preset = preset;
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution;
    this.inputAxes = inputAxes == null ? null : Collections.unmodifiableList(new ArrayList<>(inputAxes));
    this.outputAxes = outputAxes == null ? null : Collections.unmodifiableList(new ArrayList<>(outputAxes));
  }

  /** {@code scale} as a Python number; Keras refuses zero and negatives. */
  private static Object checkScale(Object scale) {
    Object s = Arguments.number("VarianceScaling", "scale", scale);
    if (!(PyValues.toDouble(s) > 0.0)) {
      throw KerasInitException.badArgument("VarianceScaling", "scale", scale,
          "allowed: a positive number (Keras: Argument `scale` must be positive float)");
    }
    return s;
  }

  @Override
  public String className() {
    return preset != null ? preset.className : "VarianceScaling";
  }

  public Mode mode() {
    return mode;
  }

  public Distribution distribution() {
    return distribution;
  }

  /** The configured scale as a Python number. */
  public Object scale() {
    return scale;
  }

  public List<Integer> inputAxes() {
    return inputAxes;
  }

  public List<Integer> outputAxes() {
    return outputAxes;
  }

  /** The fan-scaled variance, {@code scale / max(1.0, n)}, in Python's double arithmetic. */
  public double scaledVariance(Shape shape) {
    Fans fans = Fans.of(shape.asArray(), inputAxes, outputAxes);
    double s = PyValues.toDouble(scale);
    switch (mode) {
      case FAN_IN:
        return s / Math.max(1.0, (double) fans.fanIn);
      case FAN_OUT:
        return s / Math.max(1.0, (double) fans.fanOut);
      default:
        return s / Math.max(1.0, (double) (fans.fanIn + fans.fanOut) / 2.0);
    }
  }

  /** {@code sqrt(scale / n)}: the standard deviation of the values drawn for a shape, for all three distributions. */
  @Override
  public Double expectedStddev(Shape shape) {
    return Math.sqrt(scaledVariance(shape));
  }

  /**
   * The parameter of the draw for a shape: the stddev given to the truncated normal
   * ({@code sqrt(scale / n) / .8796...}) or to the normal ({@code sqrt(scale / n)}), or the uniform's limit
   * ({@code sqrt(3 * scale / n)}).
   */
  public double drawParameter(Shape shape) {
    double variance = scaledVariance(shape);
    switch (distribution) {
      case TRUNCATED_NORMAL:
        return Math.sqrt(variance) / StatelessDraws.TRUNCATED_UNIT_STDDEV;
      case UNTRUNCATED_NORMAL:
        return Math.sqrt(variance);
      default:
        return Math.sqrt(3.0 * variance);
    }
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    double p = drawParameter(shape);
    switch (distribution) {
      case TRUNCATED_NORMAL:
        return StatelessDraws.truncatedNormal(tf, shape, seed.nextTfSeed(), 0.0, p, dtype, className());
      case UNTRUNCATED_NORMAL:
        return StatelessDraws.normal(tf, shape, seed.nextTfSeed(), 0.0, p, dtype, className());
      default:
        return StatelessDraws.uniform(tf, shape, seed.nextTfSeed(), -p, p, dtype, className());
    }
  }

  /** As {@link #build}, with the fans of the whole shape. */
  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    double p = drawParameter(shape);
    switch (distribution) {
      case TRUNCATED_NORMAL:
        return StatelessDraws.truncatedNormalRange(tf, start, end, seed.nextTfSeed(), 0.0, p, dtype, className());
      case UNTRUNCATED_NORMAL:
        return StatelessDraws.normalRange(tf, start, end, seed.nextTfSeed(), 0.0, p, dtype, className());
      default:
        return StatelessDraws.uniformRange(tf, start, end, seed.nextTfSeed(), -p, p, dtype, className());
    }
  }

  /** VarianceScaling's full config; a preset's holds only the seed and the axes. */
  @Override
  protected void putConfig(Map<String, Object> config) {
    super.putConfig(config);
    if (preset != null) {
      config.put("input_axes", inputAxes);
      config.put("output_axes", outputAxes);
      return;
    }
    config.put("scale", scale);
    config.put("mode", mode.kerasName);
    config.put("distribution", distribution.kerasName);
    config.put("input_axes", inputAxes);
    config.put("output_axes", outputAxes);
  }

  /**
   * The same initializer with other fan axes and the same seed object, as Keras' EinsumDense makes it
   * ({@code from_config} with the concrete seed): an unseeded one keeps its drawn seed, a SeedGenerator is shared.
   */
  public VarianceScaling withFanAxes(List<Integer> in, List<Integer> out) {
    return preset != null ? preset.create(seed, in, out)
        : new VarianceScaling((Number) scale, mode, distribution, seed, in, out);
  }
}
