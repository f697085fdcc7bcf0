package io.github.kerasinit.config;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.BaseInitializer;
import io.github.kerasinit.catalog.Constant;
import io.github.kerasinit.catalog.Identity;
import io.github.kerasinit.catalog.InitializerConfig;
import io.github.kerasinit.catalog.Ones;
import io.github.kerasinit.catalog.Orthogonal;
import io.github.kerasinit.catalog.RandomNormal;
import io.github.kerasinit.catalog.RandomUniform;
import io.github.kerasinit.catalog.Stft;
import io.github.kerasinit.catalog.TruncatedNormal;
import io.github.kerasinit.catalog.VarianceScaling;
import io.github.kerasinit.catalog.Zeros;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every name an initializer goes by, and how each class is built from its config.
 *
 * <p>The names: Keras 3.15.1's {@code ALL_OBJECTS_DICT} (class names, their snake_case forms and seven compatibility
 * aliases, 41 keys), tf.keras 2.x's {@code *V2} aliases, and TF1's {@code *_initializer} names whose defaults match
 * Keras'. TF1 names whose defaults differ (random_normal_initializer's stddev is 1.0, Keras' 0.05) are refused with
 * a pointer to the explicit form. Matching is case-sensitive, as in Keras.
 */
public final class Registry {
  /** Keras 3 names: class names and snake_case forms, and Keras' own compatibility aliases. */
  private static final Map<String, String> KERAS3 = new LinkedHashMap<>();
  /** Older names: tf.keras 2.x *V2 aliases and unambiguous TF1 names. */
  private static final Map<String, String> LEGACY = new LinkedHashMap<>();
  private static final Map<String, String> AMBIGUOUS = new LinkedHashMap<>();
  private static final Map<String, Function<InitializerConfig, KerasInitializer>> BUILTIN = new LinkedHashMap<>();
  private static final Map<String, Custom> CUSTOM = new ConcurrentHashMap<>();

  /** A user's initializer registered under a Keras {@code registered_name}. */
  static final class Custom {
    final String registeredName;
    final String className;
    final Function<InitializerConfig, KerasInitializer> factory;

    Custom(String registeredName, String className, Function<InitializerConfig, KerasInitializer> factory) {
      this.registeredName = registeredName;
      this.className = className;
      this.factory = factory;
    }
  }

  static {
    // The built-in classes: each reads its own config (defaults, validation, then the seed draw).
    builtin("Constant", Constant::fromConfig);
    builtin("Zeros", Zeros::fromConfig);
    builtin("Ones", Ones::fromConfig);
    builtin("Identity", Identity::fromConfig);
    builtin("STFT", Stft::fromConfig);
    builtin("RandomNormal", RandomNormal::fromConfig);
    builtin("TruncatedNormal", TruncatedNormal::fromConfig);
    builtin("RandomUniform", RandomUniform::fromConfig);
    builtin("VarianceScaling", VarianceScaling::fromConfig);
    for (VarianceScaling.Preset preset : VarianceScaling.Preset.values()) {
      builtin(preset.className(), preset::fromConfig);
    }
    builtin("Orthogonal", Orthogonal::fromConfig);
    builtin("Initializer", BaseInitializer::fromConfig);

    for (String cls : BUILTIN.keySet()) {
      KERAS3.put(cls, cls);
      KERAS3.put(PythonText.snakeCase(cls), cls);
    }
    KERAS3.put("IdentityInitializer", "Identity");
    KERAS3.put("normal", "RandomNormal");
    KERAS3.put("one", "Ones");
    KERAS3.put("STFTInitializer", "STFT");
    KERAS3.put("OrthogonalInitializer", "Orthogonal");
    KERAS3.put("uniform", "RandomUniform");
    KERAS3.put("zero", "Zeros");

    for (String cls : List.of("Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
        "LecunNormal", "LecunUniform", "Ones", "Orthogonal", "RandomNormal", "RandomUniform", "TruncatedNormal",
        "VarianceScaling", "Zeros")) {
      LEGACY.put(cls + "V2", cls);
    }
    for (String cls : List.of("GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal",
        "LecunUniform")) {
      LEGACY.put(PythonText.snakeCase(cls) + "V2", cls);
    }
    // TF1 function names whose defaults equal Keras'.
    LEGACY.put("zeros_initializer", "Zeros");
    LEGACY.put("ones_initializer", "Ones");
    LEGACY.put("constant_initializer", "Constant");
    LEGACY.put("glorot_uniform_initializer", "GlorotUniform");
    LEGACY.put("glorot_normal_initializer", "GlorotNormal");
    LEGACY.put("variance_scaling_initializer", "VarianceScaling");
    LEGACY.put("orthogonal_initializer", "Orthogonal");
    LEGACY.put("identity_initializer", "Identity");
    AMBIGUOUS.put("random_normal_initializer", "TF1's default stddev is 1.0, Keras' RandomNormal uses 0.05");
    AMBIGUOUS.put("truncated_normal_initializer", "TF1's default stddev is 1.0, Keras' TruncatedNormal uses 0.05");
    AMBIGUOUS.put("random_uniform_initializer", "TF1's default range is [0, 1), Keras' RandomUniform uses"
        + " [-0.05, 0.05)");
    AMBIGUOUS.put("uniform_unit_scaling_initializer", "it has no Keras 3 equivalent");
  }

  private Registry() {}

  private static void builtin(String className, Function<InitializerConfig, KerasInitializer> factory) {
    BUILTIN.put(className, factory);
  }

  /** The Keras class a name stands for, or null. */
  public static String canonical(String name) {
    String c = KERAS3.get(name);
    return c != null ? c : LEGACY.get(name);
  }

  /** Builds a built-in initializer from a canonical class name and its config reader. */
  static KerasInitializer build(String canonicalClass, InitializerConfig config) {
    return BUILTIN.get(canonicalClass).apply(config);
  }

  static Custom custom(String registeredName, String className) {
    if (registeredName != null && CUSTOM.containsKey(registeredName)) {
      return CUSTOM.get(registeredName);
    }
    if (className != null) {
      for (Custom c : CUSTOM.values()) {
        if (c.className.equals(className) || c.registeredName.equals(className)) {
          return c;
        }
      }
    }
    return null;
  }

  static void register(String registeredName, Function<InitializerConfig, KerasInitializer> factory) {
    if (registeredName == null || registeredName.isBlank()) {
      throw new KerasInitException("register: the registered name must be non-empty, e.g. \"my_package>MyInit\"");
    }
    String className = registeredName.contains(">")
        ? registeredName.substring(registeredName.lastIndexOf('>') + 1) : registeredName;
    CUSTOM.put(registeredName, new Custom(registeredName, className, factory));
  }

  static boolean unregister(String registeredName) {
    return CUSTOM.remove(registeredName) != null;
  }

  static String ambiguity(String name) {
    return AMBIGUOUS.get(name);
  }

  /** The 41 names Keras 3.15.1 accepts. */
  public static List<String> keras3Names() {
    return Collections.unmodifiableList(new ArrayList<>(KERAS3.keySet()));
  }

  /** Keras 3 names plus the older aliases. */
  public static List<String> allNames() {
    List<String> all = new ArrayList<>(KERAS3.keySet());
    all.addAll(LEGACY.keySet());
    for (Custom c : CUSTOM.values()) {
      all.add(c.registeredName);
    }
    return all;
  }

  /** The closest known names to a misspelled one (edit distance, case-insensitive). */
  static List<String> closest(String name, int limit) {
    return closest(name, allNames(), limit);
  }

  /** The {@code limit} names of {@code names} nearest to {@code name} by edit distance, ignoring case. */
  public static List<String> closest(String name, java.util.Collection<String> names, int limit) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return names.stream()
        .sorted(Comparator.comparingInt((String n) -> editDistance(lower, n.toLowerCase(java.util.Locale.ROOT)))
            .thenComparing(n -> n))
        .limit(limit)
        .collect(Collectors.toList());
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
