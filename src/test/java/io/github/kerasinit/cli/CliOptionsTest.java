package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Option values the commands refuse as usage errors (exit 2, one line naming the value), and what they accept. */
class CliOptionsTest {
  private static void assertUsageError(CliRun r, String... fragments) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("keras-init: usage error: "), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "\"" + f + "\" missing from: " + r.err());
    }
  }

  /** Keras 3.15.1: keras.utils.set_random_seed(-1) and (2**32) raise "Seed must be between 0 and 2**32 - 1". */
  @ParameterizedTest
  @ValueSource(strings = {"-1", "4294967296", "99999999999999999999", "x"})
  void aSeedSetRandomSeedRefusesIsAUsageError(String seed) {
    assertUsageError(CliRun.of("materialize", "models/mlp.json", "--seed", seed), "--seed", seed, "4294967295");
  }

  @Test
  void theLargestSeedIsAccepted() {
    CliRun r = CliRun.of("materialize", "models/mlp.json", "--seed", "4294967295", "--format", "json");
    assertEquals(0, r.code(), r.err());
  }
}
