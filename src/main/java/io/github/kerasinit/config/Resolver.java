package io.github.kerasinit.config;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.InitializerConfig;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.text.PythonText;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keras' {@code initializers.get}: a name or a dict to an initializer. Dicts are looked up by {@code class_name}
 * (aliases included), except that a {@code registered_name} of a registered custom initializer wins, and that
 * {@code "module": null} (what Keras writes for custom objects) needs a registered one.
 */
public final class Resolver {
  static final String FORMATS = "accepted: a name such as \"he_normal\", a Keras 3 dict {\"module\","
      + " \"class_name\", \"config\", \"registered_name\"} or a Keras 2 dict {\"class_name\", \"config\"}";
  private static final Set<String> ENVELOPE_KEYS = Set.of("module", "class_name", "config", "registered_name",
      "shared_object_id", "build_config", "compile_config");

  private Resolver() {}

  public static KerasInitializer resolve(Object identifier, PythonRandom random) {
    if (identifier == null) {
      return null;
    }
    if (identifier instanceof KerasInitializer) {
      return (KerasInitializer) identifier;
    }
    if (identifier instanceof String) {
      return fromName((String) identifier, null, null, Map.of(), random, identifier);
    }
    if (identifier instanceof Map) {
      return fromDict((Map<?, ?>) identifier, random);
    }
    throw new KerasInitException("Could not interpret initializer identifier " + KerasInitException.describe(identifier)
        + "; " + FORMATS);
  }

  @SuppressWarnings("unchecked")
  private static KerasInitializer fromDict(Map<?, ?> dict, PythonRandom random) {
    for (Object key : dict.keySet()) {
      if (!ENVELOPE_KEYS.contains(key)) {
        throw new KerasInitException("initializer dict has an unexpected key \"" + key + "\" in "
            + PythonText.abbreviate(PythonText.json(dict))
            + "; allowed keys: " + String.join(", ", ENVELOPE_KEYS.stream().sorted().toList()) + "; " + FORMATS);
      }
    }
    if (!dict.containsKey("class_name")) {
      throw new KerasInitException("initializer dict has no \"class_name\": "
          + PythonText.abbreviate(PythonText.json(dict)) + "; " + FORMATS);
    }
    Object className = dict.get("class_name");
    if (!(className instanceof String)) {
      throw new KerasInitException("initializer \"class_name\" must be a string, got "
          + KerasInitException.describe(className));
    }
    Object config = dict.get("config");
    if (config != null && !(config instanceof Map)) {
      throw new KerasInitException("initializer \"config\" must be an object or null, got "
          + KerasInitException.describe(config) + " (class_name \"" + className + "\")");
    }
    Object registered = dict.get("registered_name");
    if (registered != null && !(registered instanceof String)) {
      throw new KerasInitException("initializer \"registered_name\" must be a string or null, got "
          + KerasInitException.describe(registered));
    }
    boolean moduleNull = dict.containsKey("module") && dict.get("module") == null;
    Map<String, Object> values = config == null ? Map.of() : (Map<String, Object>) config;
    return fromName((String) className, (String) registered, moduleNull ? Boolean.TRUE : null, values, random, dict);
  }

  private static KerasInitializer fromName(String className, String registeredName, Boolean customOnly,
      Map<String, Object> values, PythonRandom random, Object identifier) {
    Registry.Custom custom = Registry.custom(registeredName, className);
    if (custom != null && (registeredName != null || Registry.canonical(className) == null || customOnly != null)) {
      InitializerConfig reader = new InitializerConfig(custom.className, values, random);
      KerasInitializer init = custom.factory.apply(reader);
      if (init == null) {
        throw new KerasInitException("the factory registered for \"" + custom.registeredName + "\" returned null");
      }
      return init;
    }
    if (customOnly != null) {
      throw new KerasInitException("initializer \"" + className + "\" has \"module\": null, which Keras writes for a"
          + " custom object registered with @keras.saving.register_keras_serializable; no Java initializer is"
          + " registered under \"" + (registeredName != null ? registeredName : className) + "\"."
          + " Register one with Initializers.register(...), or set \"module\": \"keras.initializers\" for the"
          + " built-in class");
    }
    String canonical = Registry.canonical(className);
    if (canonical == null) {
      String ambiguity = Registry.ambiguity(className);
      if (ambiguity != null) {
        throw new KerasInitException("initializer name \"" + PythonText.abbreviate(className) + "\" is ambiguous: " + ambiguity
            + ". Write the Keras class with explicit arguments, e.g. {\"class_name\": \"RandomNormal\", \"config\":"
            + " {\"mean\": 0.0, \"stddev\": 1.0}}");
      }
      throw new KerasInitException("Could not interpret initializer identifier "
          + (identifier instanceof String ? "\"" + PythonText.abbreviate((String) identifier) + "\""
              : PythonText.abbreviate(PythonText.json(identifier)))
          + ": unknown name \"" + PythonText.abbreviate(className) + "\" (names are case-sensitive); closest known names: "
          + String.join(", ", Registry.closest(className, 4)) + "; " + FORMATS);
    }
    return Registry.build(canonical, new InitializerConfig(canonical, values, random));
  }

  public static void register(String registeredName, Function<InitializerConfig, KerasInitializer> factory) {
    if (factory == null) {
      throw new KerasInitException("register: the factory must not be null");
    }
    Registry.register(registeredName, factory);
  }

  public static boolean unregister(String registeredName) {
    return Registry.unregister(registeredName);
  }

  public static List<String> names() {
    return Registry.allNames();
  }
}
