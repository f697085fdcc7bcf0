package io.github.kerasinit.random;

import io.github.kerasinit.KerasInitException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The {@code seed} argument of a Keras random initializer, in its three forms:
 *
 * <ul>
 *   <li>an int: every call gives the same values; TF receives {@code [floorMod(seed, 2^31 - 2), 0]} as int32.
 *   <li>none: the constructor draws {@code random.randint(1, 10**9)} once, so the instance repeats itself while two
 *       instances differ; {@code get_config()} still says {@code "seed": null}.
 *   <li>a {@link SeedGenerator}: each call takes the generator's next state.
 * </ul>
 */
public final class Seed {
  /** TF's stateless ops take int32 seeds; Keras folds its int64 seeds with {@code floormod(seed, int32.max - 1)}. */
  public static final long FOLD_MODULUS = Integer.MAX_VALUE - 1L;

  private final Long value; // the int seed, configured or drawn
  private final boolean drawn;
  private final SeedGenerator generator;

  private Seed(Long value, boolean drawn, SeedGenerator generator) {
    this.value = value;
    this.drawn = drawn;
    this.generator = generator;
  }

  /** An int seed. Keras accepts any Python int but fails at call time outside int64; we refuse it up front. */
  public static Seed of(BigInteger seed) {
    if (!(seed.bitLength() < 64)) {
      throw new KerasInitException("invalid `seed` = " + seed + ": it must fit in int64 ["
          + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "] (Keras accepts it in the config, then fails when called:"
          + " \"Can't convert Python sequence with out-of-range integer to Tensor\")");
    }
    return new Seed(seed.longValue(), false, null);
  }

  public static Seed of(long seed) {
    return new Seed(seed, false, null);
  }

  /** {@code seed=None}: draw Keras' default seed from the given Python random stream, once. */
  public static Seed unseeded(PythonRandom random) {
    return new Seed(random.makeDefaultSeed(), true, null);
  }

  public static Seed of(SeedGenerator generator) {
    return new Seed(null, false, Objects.requireNonNull(generator));
  }

  /** The {@code [s, k]} pair for the next draw, before folding. A generator seed advances. */
  public long[] nextState() {
    return generator != null ? generator.next() : new long[] {value, 0};
  }

  /** The int32 pair TF's stateless ops receive for the next draw: Keras' {@code _cast_seed(draw_seed(seed))}. */
  public int[] nextTfSeed() {
    long[] state = nextState();
    return new int[] {(int) Math.floorMod(state[0], FOLD_MODULUS), (int) Math.floorMod(state[1], FOLD_MODULUS)};
  }

  public boolean isUnseeded() {
    return drawn;
  }

  public SeedGenerator generator() {
    return generator;
  }

  /** The int seed (configured or drawn), or null for a generator seed. */
  public Long value() {
    return value;
  }

  /** What {@code get_config()} writes: the int, null for an unseeded one, or the generator's serialization. */
  public Object toConfig() {
    if (generator != null) {
      return generator.serialize();
    }
    return drawn ? null : value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Seed)) {
      return false;
    }
    Seed s = (Seed) o;
    return drawn == s.drawn && Objects.equals(value, s.value) && generator == s.generator;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, drawn, System.identityHashCode(generator));
  }

  @Override
  public String toString() {
    if (generator != null) {
      return "SeedGenerator(" + generator.config() + ")";
    }
    return drawn ? "None(drawn " + value + ")" : String.valueOf(value);
  }
}
