package io.github.kerasinit.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.config.KerasJson;
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

  private static BigInteger toBig(Object o) {
    return o instanceof BigInteger ? (BigInteger) o : BigInteger.valueOf(((Number) o).longValue());
  }
}
