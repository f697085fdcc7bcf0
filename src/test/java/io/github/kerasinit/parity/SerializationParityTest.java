package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.random.PythonRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code keras.initializers.serialize} parity, from the goldens (what Keras wrote for every config it could build):
 * our serialization equals Keras' key for key and type for type (1 is not 1.0); reading Keras' serialization back
 * and writing it again gives it unchanged; and the values after that trip are Keras' values. Prints the round-trip
 * table: classes x {Keras 3 dict, Keras 2 dict, alias string}.
 */
class SerializationParityTest {
  private static final List<GoldenCase> CASES = GoldenCase.load();
  private static final Map<String, int[][]> TABLE = new TreeMap<>();
  private static final String[] FORMATS = {"Keras 3 dict", "Keras 2 dict", "alias string"};

  @TestFactory
  Stream<DynamicTest> serializationMatchesKeras() {
    return CASES.stream().filter(c -> c.serialized != null)
        .map(c -> DynamicTest.dynamicTest(c.id, () -> check(c)));
  }

  private static void check(GoldenCase c) throws Exception {
    boolean passed = false;
    try {
      PythonRandom random = c.pythonSeed != null ? new PythonRandom(c.pythonSeed) : PythonRandom.global();
      KerasInitializer init;
      try {
        init = Initializers.get(c.config, random);
      } catch (KerasInitException e) {
        // Keras builds it and fails when it is called; we refuse it when the config is read (README).
        if (Deviations.reason(c) == null) {
          assertEquals("call", c.phase, "keras-init refused a config Keras builds and calls: " + c + ": " + e);
        }
        passed = true;
        return;
      }
      Object ours = KerasJson.parse(Initializers.toJson(init), "ours");
      String identityGain = identityGainDeviation(c);
      if (identityGain == null) {
        assertEquals(c.serialized, ours, "Java serialization of " + c);
      }
      // Keras' JSON read back and written again is unchanged
      KerasInitializer back = Initializers.get(c.serialized, new PythonRandom(0));
      assertEquals(c.serialized, KerasJson.parse(Initializers.toJson(back), "trip"), "round trip of " + c);
      // and its values are Keras' values (unseeded ones draw a new seed on every trip, as in Keras)
      if (c.ok && c.calls == 1 && !unseeded(c.serialized) && identityGain == null && Deviations.reason(c) == null) {
        byte[] bytes = TestTensors.eager(back, c.shape(), DType.of(c.dtype)).bytes;
        ParityTest.Match.of(c, DType.of(c.dtype), bytes).assertOk("values after the trip of " + c);
      }
      passed = true;
    } finally {
      record(c, passed);
    }
  }

  /** Identity's gain: Keras drops it when it serializes; we keep it (README: deviations). */
  private static String identityGainDeviation(GoldenCase c) {
    if (!"Identity".equals(c.kerasClassName()) || !(c.config instanceof Map)) {
      return null;
    }
    Object cfg = ((Map<?, ?>) c.config).get("config");
    Object gain = cfg instanceof Map ? ((Map<?, ?>) cfg).get("gain") : null;
    return gain != null && !Double.valueOf(1.0).equals(gain) ? "gain " + gain : null;
  }

  private static boolean unseeded(Object serialized) {
    Object cfg = ((Map<?, ?>) serialized).get("config");
    return cfg instanceof Map && ((Map<?, ?>) cfg).containsKey("seed") && ((Map<?, ?>) cfg).get("seed") == null;
  }

  private static synchronized void record(GoldenCase c, boolean passed) {
    int format = c.config instanceof String ? 2 : ((Map<?, ?>) c.config).containsKey("module") ? 0 : 1;
    int[][] row = TABLE.computeIfAbsent(c.kerasClassName(), k -> new int[3][2]);
    row[format][1]++;
    if (passed) {
      row[format][0]++;
    }
  }

  @AfterAll
  static void printTable() {
    StringBuilder sb = new StringBuilder("\nSerialization round trip with Keras 3.15.1 (passed / cases)\n");
    sb.append(String.format("%-16s %14s %14s %14s%n", "class", FORMATS[0], FORMATS[1], FORMATS[2]));
    for (Map.Entry<String, int[][]> e : TABLE.entrySet()) {
      int[][] r = e.getValue();
      sb.append(String.format("%-16s %14s %14s %14s%n", e.getKey(), cell(r[0]), cell(r[1]), cell(r[2])));
    }
    System.out.println(sb);
  }

  private static String cell(int[] c) {
    return c[1] == 0 ? "-" : c[0] + " / " + c[1];
  }
}
