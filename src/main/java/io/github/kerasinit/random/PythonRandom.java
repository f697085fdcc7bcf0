package io.github.kerasinit.random;

import io.github.kerasinit.KerasInitException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.rng.core.source32.MersenneTwister;

/**
 * CPython's {@code random} module stream, as far as Keras uses it: {@code random.seed(int)} and
 * {@code random.randint(a, b)}.
 *
 * <p>Keras gives every initializer constructed with {@code seed=None} the seed {@code random.randint(1, 10**9)}
 * ({@code keras.random.make_default_seed}), and {@code keras.utils.set_random_seed(N)} calls
 * {@code random.seed(N)}. CPython seeds MT19937 with {@code init_by_array} over the 32-bit words of |N|, least
 * significant first, which is what Commons RNG's {@link MersenneTwister} does with the same int array.
 *
 * <p>Thread-safe: draws are synchronized, so concurrent constructions take distinct draws (in an order that is only
 * reproducible when one thread constructs).
 */
public final class PythonRandom {
  /** The largest seed {@code keras.utils.set_random_seed} takes: it seeds NumPy too, whose seeds are 32-bit. */
  public static final long MAX_SET_RANDOM_SEED = 0xFFFF_FFFFL;

  private static final AtomicReference<PythonRandom> GLOBAL = new AtomicReference<>(new PythonRandom(osEntropy()));

  private final MersenneTwister twister;

  /**
   * 63 bits from the OS, as Python seeds its module-level stream from {@code os.urandom}: read from /dev/urandom where
   * there is one (a {@code SecureRandom}'s provider lookup cost about 5 ms of CPU at every start), else from a
   * {@code SecureRandom}.
   */
  private static long osEntropy() {
    try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
      byte[] bytes = in.readNBytes(Long.BYTES);
      if (bytes.length == Long.BYTES) {
        return ByteBuffer.wrap(bytes).getLong() >>> 1;
      }
    } catch (IOException | RuntimeException e) { // NOPMD: no /dev/urandom (Windows); the JDK's source below
      // nothing to do
    }
    return new SecureRandom().nextLong() >>> 1;
  }

  /** {@code random.seed(seed)}. */
  public PythonRandom(long seed) {
    this(BigInteger.valueOf(seed));
  }

  /** {@code random.seed(seed)} for any Python int. */
  public PythonRandom(BigInteger seed) {
    this.twister = new MersenneTwister(initKey(seed));
  }

  /**
   * The process-wide stream, like Python's module-level {@code random}: seeded from the OS at start-up, reseeded
   * by {@link #setGlobalSeed}.
   */
  public static PythonRandom global() {
    return GLOBAL.get();
  }

  /** {@code keras.utils.set_random_seed(seed)} for the stream that unseeded initializers draw from. */
  public static void setGlobalSeed(long seed) {
    GLOBAL.set(new PythonRandom(checkSetRandomSeed(seed)));
  }

  /** {@code seed} if {@code keras.utils.set_random_seed(seed)} takes it; Keras raises for the others. */
  public static long checkSetRandomSeed(long seed) {
    if (seed < 0 || seed > MAX_SET_RANDOM_SEED) {
      throw new KerasInitException("seed " + seed + " is outside 0.." + MAX_SET_RANDOM_SEED + " (2**32 - 1), the seeds"
          + " keras.utils.set_random_seed takes (it raises \"Seed must be between 0 and 2**32 - 1\")");
    }
    return seed;
  }

  /** {@code random.getrandbits(k)} for 0 < k <= 32. */
  public synchronized long getrandbits(int k) {
    if (k <= 0 || k > 32) {
      throw new IllegalArgumentException("k must be in 1..32, got " + k);
    }
    return (twister.nextInt() & 0xffffffffL) >>> (32 - k);
  }

  /** {@code random.randint(a, b)}: {@code a + _randbelow(b - a + 1)}, rejection sampling on getrandbits. */
  public synchronized long randint(long a, long b) {
    long n = b - a + 1;
    if (n <= 0 || n > (1L << 32)) {
      throw new IllegalArgumentException("range must hold 1..2^32 values, got " + a + ".." + b);
    }
    int k = 64 - Long.numberOfLeadingZeros(n); // n.bit_length()
    long r = getrandbits(Math.min(k, 32));
    while (r >= n) {
      r = getrandbits(Math.min(k, 32));
    }
    return a + r;
  }

  /** {@code keras.random.make_default_seed()}: {@code random.randint(1, int(1e9))}. */
  public long makeDefaultSeed() {
    return randint(1, 1_000_000_000L);
  }

  private static int[] initKey(BigInteger seed) {
    BigInteger n = seed.abs();
    int words = Math.max(1, (n.bitLength() + 31) / 32);
    int[] key = new int[words];
    for (int i = 0; i < words; i++) {
      key[i] = n.shiftRight(32 * i).intValue();
    }
    return key;
  }
}
