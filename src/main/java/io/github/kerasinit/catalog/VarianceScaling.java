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

  /** The constant Keras divides by: the stddev of a unit normal truncated to [-2, 2]. */
  static final double TRUNCATION_STDDEV = 0.87962566103423978;

  private final Object scale;
  private final Mode mode;
  private final Distribution distribution;
  private final List<Integer> inputAxes;
  private final List<Integer> outputAxes;

  /** Keras' defaults: scale 1.0, fan_in, truncated_normal, no custom axes. */
  public VarianceScaling(Seed seed) {
    this(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, null, null);
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
    super(seed);
    Object s = Arguments.number("VarianceScaling", "scale", scale);
    if (!(PyValues.toDouble(s) > 0.0)) {
      throw KerasInitException.badArgument("VarianceScaling", "scale", scale,
          "allowed: a positive number (Keras: Argument `scale` must be positive float)");
    }
    if (mode == null) {
      throw KerasInitException.badArgument("VarianceScaling", "mode", null, "allowed: fan_in, fan_out, fan_avg");
    }
    if (distribution == null) {
      throw KerasInitException.badArgument("VarianceScaling", "distribution", null,
          "allowed: truncated_normal, untruncated_normal, uniform");
    }
    this.scale = s;
    this.mode = mode;
    this.distribution = distribution;
    this.inputAxes = inputAxes == null ? null : Collections.unmodifiableList(new ArrayList<>(inputAxes));
    this.outputAxes = outputAxes == null ? null : Collections.unmodifiableList(new ArrayList<>(outputAxes));
  }

  @Override
  public String className() {
    return "VarianceScaling";
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

  /** The standard deviation of the values this initializer draws for a shape (all three distributions). */
  public double expectedStddev(Shape shape) {
    return Math.sqrt(scaledVariance(shape));
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    double s = scaledVariance(shape);
    switch (distribution) {
      case TRUNCATED_NORMAL:
        return StatelessDraws.truncatedNormal(tf, shape, seed.nextTfSeed(), 0.0, Math.sqrt(s) / TRUNCATION_STDDEV,
            dtype, className());
      case UNTRUNCATED_NORMAL:
        return StatelessDraws.normal(tf, shape, seed.nextTfSeed(), 0.0, Math.sqrt(s), dtype, className());
      default:
        double limit = Math.sqrt(3.0 * s);
        return StatelessDraws.uniform(tf, shape, seed.nextTfSeed(), -limit, limit, dtype, className());
    }
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    super.putConfig(config);
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
    switch (className()) {
      case "GlorotUniform":
        return new GlorotUniform(seed, in, out);
      case "GlorotNormal":
        return new GlorotNormal(seed, in, out);
      case "HeNormal":
        return new HeNormal(seed, in, out);
      case "HeUniform":
        return new HeUniform(seed, in, out);
      case "LecunNormal":
        return new LecunNormal(seed, in, out);
      case "LecunUniform":
        return new LecunUniform(seed, in, out);
      default:
        return new VarianceScaling((Number) scale, mode, distribution, seed, in, out);
    }
  }

  /** The presets' config: seed and axes only. */
  protected final void putPresetConfig(Map<String, Object> config) {
    config.put("seed", seed.toConfig());
    config.put("input_axes", inputAxes);
    config.put("output_axes", outputAxes);
  }
}
