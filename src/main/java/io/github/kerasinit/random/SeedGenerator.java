package io.github.kerasinit.random;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keras' {@code keras.random.SeedGenerator}: an int64 state {@code [seed, k]}; each draw returns the state and then
 * advances {@code k} by one. A random initializer that holds one gives different values on every call, the first
 * equal to an int seed {@code seed}.
 *
 * <p>Shared state by design (Keras shares it the same way); thread-safe.
 */
public final class SeedGenerator {
  private static final AtomicInteger AUTO_NAMES = new AtomicInteger();

  private final Long initialSeed;
  private final long seed;
  private final String name;
  private final AtomicLong counter = new AtomicLong();

  /**
   * @param initialSeed the seed as configured, or null to draw one from {@code random} as Keras does
   * @param name the Keras name, or null for an automatic one
   */
  public SeedGenerator(Long initialSeed, String name, PythonRandom random) {
    this.initialSeed = initialSeed;
    this.seed = initialSeed != null ? initialSeed : random.makeDefaultSeed();
    this.name = name != null ? name : autoName();
  }

  private static String autoName() {
    int n = AUTO_NAMES.getAndIncrement();
    return n == 0 ? "seed_generator" : "seed_generator_" + n;
  }

  /** The next {@code [seed, k]} state, before Keras folds it into TF's int32 range. */
  public long[] next() {
    return new long[] {seed, counter.getAndIncrement()};
  }

  public String name() {
    return name;
  }

  /** {@code get_config()}: the seed as configured (null when it was drawn) and the name. */
  public Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("seed", initialSeed);
    config.put("name", name);
    return config;
  }

  /** The Keras 3 serialization of this object. */
  public Map<String, Object> serialize() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("module", "keras.random");
    out.put("class_name", "SeedGenerator");
    out.put("config", config());
    out.put("registered_name", null);
    return out;
  }
}
