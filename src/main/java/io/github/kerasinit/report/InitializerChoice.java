package io.github.kerasinit.report;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.text.PythonText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the report: an initializer applied to every kernel of the network (biases are zeros, Keras' default).
 *
 * <p>Seeds: layer {@code i} (0-based) gets seed {@code base + i}, where base is the initializer's own seed or,
 * for an unseeded one, the report's {@code --seed}. With one seed for every layer, Keras 3 would give every
 * same-shaped kernel the same values, and a product of equal random matrices is not what a network starts from.
 * "as configured" keeps each layer's own initializer from the model config, seeds included.
 */
public final class InitializerChoice {
  private final String label;
  private final KerasInitializer initializer; // null: as configured

  private InitializerChoice(String label, KerasInitializer initializer) {
    this.label = label;
    this.initializer = initializer;
  }

  /** An initializer by anything {@link Initializers#get} accepts; the label is how the user wrote it. */
  public static InitializerChoice of(String label, Object identifier) {
    return new InitializerChoice(label, Initializers.get(identifier));
  }

  /** An initializer given as a config, labelled like Keras' repr: {@code Constant(value=0.004)}. */
  public static InitializerChoice of(Object identifier) {
    KerasInitializer init = Initializers.get(identifier);
    Map<String, Object> shown = new LinkedHashMap<>(init.config());
    shown.values().removeIf(java.util.Objects::isNull);
    return new InitializerChoice(PythonText.call(init.className(), shown), init);
  }

  /** Each layer's kernel initializer from the model config. */
  public static InitializerChoice asConfigured() {
    return new InitializerChoice("as configured", null);
  }

  /**
   * The default set: zeros, random_normal with stddev 0.01 and 1.0 (labelled "normal", Keras' alias), glorot_uniform, he_normal,
   * lecun_normal, orthogonal.
   */
  public static List<InitializerChoice> defaults() {
    return List.of(
        of("zeros", "zeros"),
        of("normal(0.01)", Map.of("class_name", "RandomNormal", "config", Map.of("stddev", 0.01))),
        of("normal(1.0)", Map.of("class_name", "RandomNormal", "config", Map.of("stddev", 1.0))),
        of("glorot_uniform", "glorot_uniform"),
        of("he_normal", "he_normal"),
        of("lecun_normal", "lecun_normal"),
        of("orthogonal", "orthogonal"));
  }

  public String label() {
    return label;
  }

  public boolean isAsConfigured() {
    return initializer == null;
  }

  /** The kernel initializer of layer {@code index} (0-based). */
  KerasInitializer forLayer(DenseLayer layer, int index, long reportSeed) {
    if (initializer == null) {
      return layer.configured() != null ? layer.configured() : Initializers.get("glorot_uniform");
    }
    Map<String, Object> config = new LinkedHashMap<>(initializer.config());
    if (!config.containsKey("seed")) {
      return initializer; // constants: nothing to vary
    }
    long base = config.get("seed") instanceof Number n ? n.longValue() : reportSeed;
    config.put("seed", base + index);
    Map<String, Object> identifier = new LinkedHashMap<>();
    identifier.put("class_name", initializer.className());
    identifier.put("config", config);
    if (initializer.registeredName() != null) {
      identifier.put("registered_name", initializer.registeredName());
    }
    return Initializers.get(identifier);
  }
}
