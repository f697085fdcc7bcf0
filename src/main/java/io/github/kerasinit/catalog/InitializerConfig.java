package io.github.kerasinit.catalog;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.SeedGenerator;
import io.github.kerasinit.tensor.PyValues;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code config} of one initializer, read key by key with Keras' types. Each accessor quotes the class, the key,
 * the bad value and what is allowed; {@link #finish()} refuses keys nobody read (Keras raises TypeError for an
 * unexpected keyword). Factories registered with {@code Initializers.register} receive one.
 */
public final class InitializerConfig {
  private final String className;
  private final Map<String, Object> values;
  private final Set<String> read = new LinkedHashSet<>();
  private final PythonRandom random;

  public InitializerConfig(String className, Map<String, Object> values, PythonRandom random) {
    this.className = className;
    this.values = values == null ? Collections.emptyMap() : new LinkedHashMap<>(values);
    this.random = random;
  }

  public String className() {
    return className;
  }

  /** The raw config, as given. */
  public Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  /** The Python random stream unseeded objects draw from. */
  public PythonRandom random() {
    return random;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** A raw value, or the default when the key is absent. */
  public Object raw(String key, Object defaultValue) {
    read.add(key);
    return values.containsKey(key) ? values.get(key) : defaultValue;
  }

  /** A finite Python number (int or float), kept as given; absent means the default. */
  public Object number(String key, Object defaultValue) {
    return Arguments.number(className, key, raw(key, defaultValue));
  }

  /** A string, or null where {@code nullable}. */
  public String string(String key, String defaultValue, boolean nullable) {
    Object v = raw(key, defaultValue);
    if (v == null && nullable) {
      return null;
    }
    if (!(v instanceof String)) {
      throw KerasInitException.badArgument(className, key, v, nullable ? "allowed: a string or null" : "allowed: a string");
    }
    return (String) v;
  }

  public boolean bool(String key, boolean defaultValue) {
    Object v = raw(key, defaultValue);
    if (!(v instanceof Boolean)) {
      throw KerasInitException.badArgument(className, key, v, "allowed: true or false");
    }
    return (Boolean) v;
  }

  /** A list of ints (fan axes), or null. */
  public List<Integer> axes(String key) {
    Object v = raw(key, null);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List)) {
      throw KerasInitException.badArgument(className, key, v, "allowed: a list of ints or null");
    }
    List<Integer> axes = new ArrayList<>();
    for (Object a : (List<?>) v) {
      if (!(a instanceof Long || a instanceof Integer) || Math.abs(((Number) a).longValue()) > 1 << 20) {
        throw KerasInitException.badArgument(className, key, v, "allowed: a list of ints (axis indices) or null");
      }
      axes.add(((Number) a).intValue());
    }
    return axes;
  }

  /**
   * The {@code seed}: an int, null (draws {@code random.randint(1, 10**9)} now, as Keras' constructor does), or a
   * {@code SeedGenerator} config. Call it after every other argument is validated: Keras draws last.
   */
  public Seed seed() {
    Object v = raw("seed", null);
    if (v == null) {
      return Seed.unseeded(random);
    }
    if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
      try {
        return Seed.of(PyValues.toBigInteger(v));
      } catch (KerasInitException e) {
        throw new KerasInitException(className + ": " + e.getMessage());
      }
    }
    if (v instanceof Map) {
      return Seed.of(seedGenerator((Map<?, ?>) v));
    }
    throw KerasInitException.badArgument(className, "seed", v,
        "allowed: an int, null, or a SeedGenerator config {\"class_name\": \"SeedGenerator\", \"config\": {\"seed\": 7}}"
            + (v instanceof Boolean ? " (Keras accepts a bool here and then fails when called)" : ""));
  }

  private SeedGenerator seedGenerator(Map<?, ?> dict) {
    if (!"SeedGenerator".equals(dict.get("class_name")) || !"keras.random".equals(dict.get("module"))) {
      throw KerasInitException.badArgument(className, "seed", dict,
          "a seed object must be a Keras 3 SeedGenerator dict {\"module\": \"keras.random\", \"class_name\":"
              + " \"SeedGenerator\", \"config\": {\"seed\": 7}} (Keras cannot locate it without its module)");
    }
    Object config = dict.get("config");
    Map<?, ?> cfg = config instanceof Map ? (Map<?, ?>) config : Collections.emptyMap();
    for (Object key : cfg.keySet()) {
      if (!"seed".equals(key) && !"name".equals(key)) {
        throw KerasInitException.badArgument(className, "seed", dict,
            "a SeedGenerator config takes only \"seed\" and \"name\", not \"" + key + "\"");
      }
    }
    Object s = cfg.get("seed");
    Object name = cfg.get("name");
    if (s != null && !(s instanceof Long || s instanceof Integer)) {
      throw KerasInitException.badArgument(className, "seed", dict, "a SeedGenerator seed must be an int in int64 or null");
    }
    if (name != null && !(name instanceof String)) {
      throw KerasInitException.badArgument(className, "seed", dict, "a SeedGenerator name must be a string or null");
    }
    return new SeedGenerator(s == null ? null : ((Number) s).longValue(), (String) name, random);
  }

  /**
   * Refuses keys nobody read (or will read: {@code readLater}, such as the seed, which is drawn last), except TF1-era {@code dtype}, which is accepted with a warning: layers always pass
   * their dtype, so it never changed a value.
   */
  public void finish(String... readLater) {
    read.addAll(List.of(readLater));
    for (String key : values.keySet()) {
      if (read.contains(key)) {
        continue;
      }
      if ("dtype".equals(key)) {
        Log.LOGGER.log(System.Logger.Level.WARNING, "{0}: ignoring the TF1-era config key \"dtype\" = {1}; the dtype"
            + " of a call decides the result", className, values.get(key));
        continue;
      }
      List<String> allowed = new ArrayList<>(read);
      throw new KerasInitException(className + ": unexpected config key \"" + key + "\" (value "
          + KerasInitException.describe(values.get(key)) + "); allowed keys: "
          + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
          + " (Keras: TypeError ... got an unexpected keyword argument '" + key + "')");
    }
  }

  /** Made on the first warning: System.getLogger looks its logger finder up as a service, at every start otherwise. */
  private static final class Log {
    static final System.Logger LOGGER = System.getLogger("io.github.kerasinit");
  }
}
