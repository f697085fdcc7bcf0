package io.github.kerasinit.catalog;

import io.github.kerasinit.random.Seed;
import java.util.Map;
import java.util.Objects;

/**
 * Keras' {@code RandomInitializer}: the seed handling shared by every random class. {@code get_config()} starts
 * with {@code "seed"}: the int as configured, {@code null} when unseeded, or the SeedGenerator's serialization.
 */
public abstract class RandomInitializer extends AbstractInitializer {
  protected final Seed seed;

  protected RandomInitializer(Seed seed) {
    this.seed = Objects.requireNonNull(seed, "seed; use Seed.unseeded(PythonRandom.global()) for seed=None");
  }

  public Seed seed() {
    return seed;
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    config.put("seed", seed.toConfig());
  }

  /** Slices need one seed for all their calls: an int seed (configured or drawn), not a SeedGenerator. */
  @Override
  public boolean slicesSupported() {
    return seed.generator() == null;
  }

  @Override
  protected String whyNoSlices() {
    return ": its SeedGenerator seed advances on every call, so separate calls never share one draw (use an int"
        + " seed)";
  }

  @Override
  protected Object identityBeyondConfig() {
    return seed.isUnseeded() || seed.generator() != null ? seed : null;
  }
}
