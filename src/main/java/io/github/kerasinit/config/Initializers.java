package io.github.kerasinit.config;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.InitializerConfig;
import io.github.kerasinit.random.PythonRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code keras.initializers.get / deserialize / serialize} for Java: the one entry point from Keras names and configs
 * to {@link KerasInitializer}s.
 *
 * <p>Accepted identifiers:
 *
 * <ul>
 *   <li>a name: every string Keras 3.15.1 accepts ({@code "GlorotUniform"}, {@code "glorot_uniform"},
 *       {@code "normal"}, {@code "zero"}, {@code "OrthogonalInitializer"}, ...), tf.keras' {@code *V2} aliases and
 *       TF1's {@code *_initializer} names whose defaults match Keras';
 *   <li>a Keras 3 dict: {@code {"module", "class_name", "config", "registered_name"}};
 *   <li>a Keras 2 dict: {@code {"class_name", "config"}}, with {@code config} missing or null allowed.
 * </ul>
 *
 * Unseeded random initializers draw their seed from {@link PythonRandom#global()} when they are made, as Keras draws
 * from Python's {@code random}; pass a {@link PythonRandom} to choose the stream.
 */
public final class Initializers {
  private Initializers() {}

  /** {@code keras.initializers.get(identifier)}: a name, a config Map, an initializer (returned as is) or null. */
  public static KerasInitializer get(Object identifier) {
    return get(identifier, PythonRandom.global());
  }

  /** As {@link #get(Object)}, unseeded initializers drawing from {@code random}. */
  public static KerasInitializer get(Object identifier, PythonRandom random) {
    return Resolver.resolve(identifier, random);
  }

  /** Parses JSON (a quoted name or a config object) and resolves it as {@link #get(Object)} does. */
  public static KerasInitializer deserialize(String json) {
    return deserialize(json, PythonRandom.global());
  }

  public static KerasInitializer deserialize(String json, PythonRandom random) {
    Object parsed = KerasJson.parse(json, "initializer config");
    if (parsed == null) {
      throw new KerasInitException("initializer config is JSON null; expected a name or a config object");
    }
    return get(parsed, random);
  }

  /**
   * {@code keras.initializers.serialize(init)}: the Keras 3 dict, key for key:
   * {@code {"module": "keras.initializers", "class_name": ..., "config": ..., "registered_name": null}}.
   */
  public static Map<String, Object> serialize(KerasInitializer initializer) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("module", initializer.module());
    out.put("class_name", initializer.className());
    out.put("config", initializer.config());
    out.put("registered_name", initializer.registeredName());
    return out;
  }

  /** {@link #serialize} as JSON, floats written as Python writes them. */
  public static String toJson(KerasInitializer initializer) {
    return KerasJson.write(serialize(initializer));
  }

  /**
   * Registers a Java twin of a Python {@code @keras.saving.register_keras_serializable(package="pkg")} initializer,
   * under its Keras {@code registered_name} ({@code "pkg>ClassName"}). Configs naming it by registered name or by
   * class name resolve to {@code factory}; the factory reads its arguments from the {@link InitializerConfig} and must
   * call {@link InitializerConfig#finish} so that unknown keys are refused. Registering a name again replaces it.
   */
  public static void register(String registeredName, Function<InitializerConfig, KerasInitializer> factory) {
    Resolver.register(registeredName, factory);
  }

  /** Removes a registration; returns whether there was one. */
  public static boolean unregister(String registeredName) {
    return Resolver.unregister(registeredName);
  }

  /** Every name {@link #get(Object)} accepts: Keras 3's 41 names, the legacy aliases, registered names. */
  public static List<String> names() {
    return Resolver.names();
  }
}
