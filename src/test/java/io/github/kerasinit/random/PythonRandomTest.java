package io.github.kerasinit.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.KerasModel;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our port of CPython's random stream against numbers CPython printed (python-parity/generate_goldens.py). */
class PythonRandomTest {

  @Test
  @SuppressWarnings("unchecked")
  void matchesCPythonForEverySeed() throws IOException {
    List<Map<String, Object>> goldens;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("parity/python_random.json")) {
      goldens = (List<Map<String, Object>>) KerasJson.parse(in, "python_random.json");
    }
    assertEquals(11, goldens.size());
    for (Map<String, Object> g : goldens) {
      BigInteger seed = toBig(g.get("seed"));
      PythonRandom r = new PythonRandom(seed);
      for (Object expected : (List<Object>) g.get("randint_1_1e9")) {
        assertEquals(((Number) expected).longValue(), r.makeDefaultSeed(), "randint(1, 10**9) after seed " + seed);
      }
      PythonRandom bits = new PythonRandom(seed);
      for (Object expected : (List<Object>) g.get("getrandbits_32")) {
        assertEquals(((Number) expected).longValue(), bits.getrandbits(32), "getrandbits(32) after seed " + seed);
      }
    }
  }

  @Test
  void negativeSeedsUseTheAbsoluteValueAsCPythonDoes() {
    assertEquals(new PythonRandom(7).makeDefaultSeed(), new PythonRandom(-7).makeDefaultSeed());
  }

  @Test
  void globalSeedReproducesSetRandomSeed() {
    PythonRandom.setGlobalSeed(42);
    long a = PythonRandom.global().makeDefaultSeed();
    PythonRandom.setGlobalSeed(42);
    assertEquals(a, PythonRandom.global().makeDefaultSeed());
    assertEquals(new PythonRandom(42).makeDefaultSeed(), a);
  }

  /** Keras 3.15.1: set_random_seed(-1) and set_random_seed(2**32) raise "Seed must be between 0 and 2**32 - 1". */
  @Test
  void setRandomSeedTakesWhatKerasTakes() {
    for (long bad : new long[] {-1, 1L << 32, Long.MIN_VALUE}) {
      KerasInitException e = assertThrows(KerasInitException.class, () -> PythonRandom.setGlobalSeed(bad));
      assertTrue(e.getMessage().contains("seed " + bad + " is outside 0..4294967295"), e.getMessage());
      assertThrows(KerasInitException.class, () -> KerasModel.options().seed(bad));
    }
    KerasModel.options().seed(0).seed((1L << 32) - 1);
    PythonRandom.setGlobalSeed((1L << 32) - 1);
    assertEquals(new PythonRandom((1L << 32) - 1).makeDefaultSeed(), PythonRandom.global().makeDefaultSeed());
  }

  private static BigInteger toBig(Object o) {
    return o instanceof BigInteger ? (BigInteger) o : BigInteger.valueOf(((Number) o).longValue());
  }
}
