package io.github.kerasinit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.kerasinit.catalog.RandomInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.random.PythonRandom;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Keras' seed rules: unseeded instances repeat themselves and differ from each other; int seeds fold mod 2^31-2. */
class SeedSemanticsTest {
  private static final Shape SHAPE = Shape.of(5, 7);

  private static byte[] values(KerasInitializer init) {
    return TestTensors.eager(init, SHAPE, DType.FLOAT32).bytes;
  }

  @Test
  void anUnseededInstanceRepeatsItselfAndTwoInstancesDiffer() {
    for (String name : Initializers.names()) {
      KerasInitializer a = Initializers.get(name);
      if (!(a instanceof RandomInitializer)) {
        continue;
      }
      KerasInitializer b = Initializers.get(name);
      assertArrayEquals(values(a), values(a), name + " must repeat itself");
      assertFalse(Arrays.equals(values(a), values(b)), name + ": two unseeded instances must differ");
      assertNull(a.config().get("seed"), name + " serializes seed null, as Keras does");
      assertNotEquals(a, b);
    }
  }

  @Test
  void setRandomSeedMakesUnseededInstancesReproducible() {
    PythonRandom.setGlobalSeed(42);
    byte[] first = values(Initializers.get("glorot_uniform"));
    PythonRandom.setGlobalSeed(42);
    assertArrayEquals(first, values(Initializers.get("glorot_uniform")));
    // and equal to the int seed Python's random.seed(42); random.randint(1, 10**9) gives
    long drawn = new PythonRandom(42).makeDefaultSeed();
    assertArrayEquals(first, values(Initializers.get(Map.of("class_name", "GlorotUniform", "config",
        Map.of("seed", drawn)))));
  }

  @Test
  void intSeedsFoldModuloTwoToTheThirtyOneMinusTwo() {
    assertArrayEquals(seeded(1), seeded((1L << 31) - 1));
    assertArrayEquals(seeded(0), seeded((1L << 31) - 2));
    assertArrayEquals(seeded(7), seeded((1L << 31) + 5));
    assertArrayEquals(seeded(2147483645L), seeded(-1));
    assertEquals(2, java.util.stream.Stream.of(seeded(1), seeded(2)).map(Arrays::toString).distinct().count());
  }

  @Test
  void aSeedGeneratorAdvancesOnEveryCallStartingAtTheIntSeed() {
    KerasInitializer g = Initializers.deserialize("{\"class_name\": \"RandomNormal\", \"config\": {\"seed\":"
        + " {\"module\": \"keras.random\", \"class_name\": \"SeedGenerator\", \"config\": {\"seed\": 7,"
        + " \"name\": \"sg\"}}}}");
    byte[] first = values(g);
    byte[] second = values(g);
    assertArrayEquals(first, values(Initializers.get(Map.of("class_name", "RandomNormal", "config",
        Map.of("seed", 7L)))));
    assertFalse(Arrays.equals(first, second));
  }

  private static byte[] seeded(long seed) {
    return values(Initializers.get(Map.of("class_name", "RandomNormal", "config", Map.of("seed", seed))));
  }
}
