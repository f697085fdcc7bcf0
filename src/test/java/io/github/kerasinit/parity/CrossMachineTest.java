package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parity rule on another CPU's data. {@code cross-machine/x86-64-v3} (a copy of ../shared/cross-machine) holds the
 * values that Python Keras and keras-init gave on an x86-64-v3 machine (AVX2 and FMA, no AVX-512) for the 19 cases
 * whose goldens, written on an AVX-512 machine, it called stale. Both sides' values must pass against the committed
 * goldens under the same comparison ParityTest uses, so the suite passes on that machine too; and the bound must be
 * what passes them (they are not bit-equal), or this test would prove nothing.
 */
class CrossMachineTest {
  private static final String DIR = "cross-machine/x86-64-v3/";
  private static final List<String> SIDES = List.of("python-keras", "keras-init");

  static List<Arguments> values() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (Map<?, ?> c : crossCases()) {
      GoldenCase golden = goldenFor(c);
      for (String side : SIDES) {
        Npy.Array values = npy(DIR + side + "/" + c.get("id") + ".npy");
        if (values != null) {
          out.add(Arguments.of(c.get("id") + " " + side + " -> " + golden.id, golden, values));
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void otherCpusValuesPassAgainstTheCommittedGoldens(String name, GoldenCase golden, Npy.Array values)
      throws Exception {
    assertNotNull(golden.machineDependent, name + ": a value that differs across CPUs must be machine-dependent");
    assertEquals(Arrays.toString(golden.outShape), Arrays.toString(values.shape), name);
    ParityTest.Match match = ParityTest.Match.of(golden, DType.of(golden.dtype), values.data);
    match.assertOk(name);
  }

  /** The bound, not luck, is what passes them: most of these values are not the goldens' bits. */
  @Test
  void theBoundIsWhatPassesThem() throws Exception {
    int bounded = 0;
    int total = 0;
    for (Arguments a : values()) {
      GoldenCase golden = (GoldenCase) a.get()[1];
      Npy.Array values = (Npy.Array) a.get()[2];
      total++;
      if (!ParityTest.Match.of(golden, DType.of(golden.dtype), values.data).exact()) {
        bounded++;
      }
    }
    assertEquals(36, total, "values on file: 17 of Python Keras, 19 of keras-init");
    assertEquals(30, bounded, "values (of " + total + ") that differ from the goldens' bits, as measured");
  }

  /**
   * Python's values of the two 256x512 Orthogonal cases were recorded as sha256 only; keras-init's there are the same
   * bytes (the measurement's README gives Python's sha prefixes), so keras-init's values stand for both sides.
   */
  @Test
  void largeOrthogonalCasesWereBitEqualThere() throws IOException {
    Map<String, String> pythonShaPrefix = Map.of("orthogonal-1729", "7007b505", "orthogonal-1730", "7f299779");
    for (Object e : (List<?>) KerasJson.parse(resource(DIR + "keras-init/manifest.json"), "manifest.json")) {
      Map<?, ?> entry = (Map<?, ?>) e;
      String prefix = pythonShaPrefix.get(entry.get("id"));
      if (prefix != null) {
        assertTrue(((String) entry.get("sha256")).startsWith(prefix), entry.get("id") + ": " + entry.get("sha256"));
      }
    }
  }

  private static List<Map<?, ?>> crossCases() throws IOException {
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object c : (List<?>) KerasJson.parse(resource(DIR + "cases.json"), "cases.json")) {
      out.add((Map<?, ?>) c);
    }
    return out;
  }

  /** The committed golden with the same config, shape and dtype (ids changed since the measurement). */
  private static GoldenCase goldenFor(Map<?, ?> c) {
    long[] shape = ((List<?>) c.get("shape")).stream().mapToLong(d -> ((Number) d).longValue()).toArray();
    return GoldenCase.load().stream()
        .filter(g -> Objects.equals(g.config, c.get("config")) && Arrays.equals(g.shape, shape)
            && g.dtype.equals(c.get("dtype")) && g.calls == 1 && g.pythonSeed == null)
        .findFirst().orElseThrow(() -> new AssertionError("no golden for " + c));
  }

  private static Npy.Array npy(String path) throws IOException {
    try (InputStream in = CrossMachineTest.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : Npy.read(in);
    }
  }

  private static InputStream resource(String path) {
    return GoldenCase.resource(path);
  }
}
