package io.github.kerasinit.model.core;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.text.PythonText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One layer's config dict, read leniently: a layer config holds many keys that do not touch initial weights
 * (activations, regularizers, constraints...), so only the keys a layer needs are read; a present key of the wrong
 * type is an error that names the layer, the key and the value.
 */
public final class LayerConfig {
  private final String className;
  private final String name;
  private final Map<String, Object> values;
  private final Map<String, Object> envelope;

  @SuppressWarnings("unchecked")
  public LayerConfig(Map<String, Object> envelope) {
    this.envelope = envelope;
    Object cls = envelope.get("class_name");
    if (!(cls instanceof String)) {
      throw new KerasInitException("a layer entry has no string \"class_name\": "
          + PythonText.abbreviate(PythonText.json(envelope)));
    }
    this.className = (String) cls;
    Object cfg = envelope.get("config");
    this.values = cfg instanceof Map ? (Map<String, Object>) cfg : Collections.emptyMap();
    Object n = values.get("name");
    if (n == null) {
      n = envelope.get("name");
    }
    if (n != null && !(n instanceof String)) { // Keras: "Argument `name` must be a string"; it was auto-named
      throw new KerasInitException("a " + className + " layer's name is " + KerasInitException.describe(n)
          + "; Keras requires a string");
    }
    this.name = n != null ? checkName((String) n, className) : null;
  }

  /**
   * A layer or model name, which becomes a component of weight paths ({@code name/kernel}) and so of .npz keys.
   * Keras refuses '/' (it separates the path's components); it accepts NUL, but numpy cuts a .npz key at a NUL, so
   * keras-init refuses it too.
   */
  public static String checkName(String name, String className) {
    String problem = name.indexOf('/') >= 0 ? "'/'" : name.indexOf('\0') >= 0 ? "a NUL character" : null;
    if (problem != null) {
      throw new KerasInitException("layer name \"" + PythonText.abbreviate(name.replace("\0", "\\x00")) + "\" ("
          + className + ") contains " + problem + "; a name is one component of the weight paths, so it may not"
          + " contain '/' or NUL");
    }
    return name;
  }

  public String className() {
    return className;
  }

  /** The layer's name (may be null for a wrapped layer in old configs). */
  public String name() {
    return name;
  }

  public Map<String, Object> values() {
    return values;
  }

  /** The whole {class_name, config, ...} entry. */
  public Map<String, Object> envelope() {
    return envelope;
  }

  public boolean has(String key) {
    return values.containsKey(key) && values.get(key) != null;
  }

  public Object raw(String key) {
    return values.get(key);
  }

  /** The layer as messages name it; a config without a name (or without a config at all) says so. */
  private String who() {
    return name == null ? "a " + className + " layer whose config has no name" : "layer \"" + name + "\" (" + className
        + ")";
  }

  private KerasInitException bad(String key, Object value, String expected) {
    return new KerasInitException(who() + ": `" + key + "` = "
        + KerasInitException.describe(value) + "; expected " + expected);
  }

  /**
   * One int of {@code key}'s value {@code whole}: a Python int past 64 bits is refused here, where Java's
   * {@code longValue()} would wrap it to a small or negative number without a word.
   */
  private long int64(String key, Object whole, Object element) {
    if (element instanceof BigInteger b && !PyValues.fitsInt64(b)) {
      throw bad(key, whole, (whole == element ? "an integer" : "integers") + " from -2^63 to 2^63 - 1");
    }
    return ((Number) element).longValue();
  }

  public long integer(String key, long defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean || !PyValues.isInt(v)) {
      throw bad(key, v, "an integer");
    }
    return int64(key, v, v);
  }

  public long requiredInteger(String key) {
    if (!has(key)) {
      throw new KerasInitException(who() + ": missing `" + key + "`");
    }
    return integer(key, 0);
  }

  /**
   * A required int that Keras' constructor refuses unless positive ({@code units}, {@code filters}, {@code input_dim},
   * {@code num_heads}...): zero would give an empty weight and a model Keras cannot make.
   */
  public long requiredPositive(String key) {
    long v = requiredInteger(key);
    if (v <= 0) {
      throw bad(key, v, "a positive integer, as Keras requires");
    }
    return v;
  }

  /** As {@link #requiredPositive}, for a key with a default. */
  public long positive(String key, long defaultValue) {
    long v = integer(key, defaultValue);
    if (v <= 0) {
      throw bad(key, v, "a positive integer, as Keras requires");
    }
    return v;
  }

  public double number(String key, double defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!PyValues.isNumber(v)) {
      throw bad(key, v, "a number");
    }
    return PyValues.toDouble(v);
  }

  /**
   * A number from 0 to 1 ({@code rate} of the dropout layers, GaussianNoise's {@code stddev}): Keras' constructors
   * refuse others ("Expected a float value between 0 and 1").
   */
  public double fraction(String key, double defaultValue) {
    double v = number(key, defaultValue);
    if (!(v >= 0 && v <= 1)) {
      throw bad(key, values.get(key), "a float value between 0 and 1, as Keras requires");
    }
    return v;
  }

  public boolean bool(String key, boolean defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Boolean)) {
      throw bad(key, v, "true or false");
    }
    return (Boolean) v;
  }

  public String string(String key, String defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof String)) {
      throw bad(key, v, "a string");
    }
    return (String) v;
  }

  /**
   * Keras' {@code standardize_data_format}: true for {@code "channels_first"}, in any case ({@code "CHANNELS_FIRST"}
   * is channels_first to Keras: read as channels_last, it made other kernel shapes); absent or null is Keras' default,
   * channels_last; anything else is refused in Keras' words.
   */
  public boolean channelsFirst() {
    String format = string("data_format", "channels_last").toLowerCase(Locale.ROOT);
    if (!format.equals("channels_first") && !format.equals("channels_last")) {
      throw new KerasInitException("layer " + this + ": `data_format` = " + PythonText.json(values.get("data_format"))
          + "; Keras requires \"channels_first\" or \"channels_last\" (in any case)");
    }
    return format.equals("channels_first");
  }

  /**
   * Keras' {@code standardize_padding}: {@code "valid"} or {@code "same"} (with {@code causal}, also {@code "causal"}),
   * in any case, returned in lower case; a null padding, which Keras cannot lower-case, and any other name are refused.
   */
  public String padding(boolean causal) {
    Object v = values.containsKey("padding") ? values.get("padding") : "valid";
    String padding = v instanceof String ? ((String) v).toLowerCase(Locale.ROOT) : null;
    boolean allowed = "valid".equals(padding) || "same".equals(padding) || causal && "causal".equals(padding);
    if (!allowed) {
      throw new KerasInitException("layer " + this + ": `padding` = " + PythonText.json(v) + "; Keras requires"
          + " \"valid\"" + (causal ? ", \"same\" or \"causal\"" : " or \"same\"") + " (in any case)");
    }
    return padding;
  }

  /**
   * {@link #tuple} with every value positive: Keras' {@code standardize_tuple} refuses 0 and negatives for
   * {@code kernel_size}, {@code strides}, {@code dilation_rate}, {@code pool_size}, {@code size}.
   */
  public long[] positiveTuple(String key, int length, long[] defaultValue) {
    return checkedTuple(key, length, defaultValue, 1, "positive");
  }

  /** A tuple of positive ints that must be there ({@code kernel_size}); {@code owner} names the layer in the error. */
  public long[] requiredPositiveTuple(String key, int length, Object owner) {
    long[] out = positiveTuple(key, length, null);
    if (out == null) {
      throw new KerasInitException("layer " + owner + ": missing `" + key + "`");
    }
    return out;
  }

  /** A tuple of positive ints, all ones when absent ({@code strides}, {@code dilation_rate}). */
  public long[] positiveTupleOrOnes(String key, int length) {
    long[] ones = new long[length];
    java.util.Arrays.fill(ones, 1);
    return positiveTuple(key, length, ones);
  }

  /** {@link #tuple} with every value at least 0 ({@code standardize_tuple(..., allow_zero=True)}: output_padding). */
  public long[] nonNegativeTuple(String key, int length, long[] defaultValue) {
    return checkedTuple(key, length, defaultValue, 0, "non-negative");
  }

  private long[] checkedTuple(String key, int length, long[] defaultValue, long min, String what) {
    long[] out = tuple(key, length, defaultValue);
    if (out != null) {
      for (long v : out) {
        if (v < min) {
          throw bad(key, values.get(key), "an int or " + length + " ints, each " + what + ", as Keras requires");
        }
      }
    }
    return out;
  }

  /** An int or a list of ints of the given length (Keras' standardize_tuple); null when absent. */
  public long[] tuple(String key, int length, long[] defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (PyValues.isInt(v) && !(v instanceof Boolean)) {
      long[] out = new long[length];
      java.util.Arrays.fill(out, int64(key, v, v));
      return out;
    }
    if (v instanceof List && ((List<?>) v).size() == length) {
      long[] out = new long[length];
      for (int i = 0; i < length; i++) {
        Object e = ((List<?>) v).get(i);
        if (!PyValues.isInt(e) || e instanceof Boolean) {
          throw bad(key, v, "an int or " + length + " ints");
        }
        out[i] = int64(key, v, e);
      }
      return out;
    }
    throw bad(key, v, "an int or a list of " + length + " ints");
  }

  /** A list of ints, or a single int as a one-element list; null when absent. */
  public List<Long> intList(String key) {
    Object v = values.get(key);
    if (v == null) {
      return null;
    }
    List<Long> out = new ArrayList<>();
    if (PyValues.isInt(v) && !(v instanceof Boolean)) {
      out.add(int64(key, v, v));
      return out;
    }
    if (!(v instanceof List)) {
      throw bad(key, v, "an int or a list of ints");
    }
    for (Object e : (List<?>) v) {
      if (e == null) {
        out.add(Dims.UNKNOWN);
      } else if (PyValues.isInt(e) && !(e instanceof Boolean)) {
        out.add(int64(key, v, e));
      } else {
        throw bad(key, v, "a list of ints");
      }
    }
    return out;
  }

  /**
   * Axes: an int, or a list of ints, as {@link #intList}, except that a null in the list, which Keras cannot index
   * with (its TypeError), is refused rather than read as an unknown dim; null when absent.
   */
  public List<Long> axes(String key) {
    Object v = values.get(key);
    if (v instanceof List && ((List<?>) v).contains(null)) {
      throw bad(key, v, "an int or a list of ints");
    }
    return intList(key);
  }

  /** A nested layer config (Bidirectional's "layer", ...), or null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> layerDict(String key) {
    Object v = values.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw bad(key, v, "a layer config object");
    }
    return (Map<String, Object>) v;
  }

  /** The shape a Keras 3 config says the layer was built with ({@code build_config.input_shape}), or null. */
  public Object buildInputShape() {
    Object bc = envelope.get("build_config");
    if (bc instanceof Map) {
      return ((Map<?, ?>) bc).get("input_shape");
    }
    return null;
  }

  @Override
  public String toString() {
    return "\"" + name + "\" (" + className + ")";
  }
}
