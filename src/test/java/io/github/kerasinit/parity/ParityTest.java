package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.kerasinit.Initializers;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.io.Npy;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.tensor.DType;
import io.github.kerasinit.tensor.Devices;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case Python Keras produced, run through {@link Initializers#get} and {@code call} in eager mode and,
 * for the successful ones, again in graph mode: the bytes must equal Keras', and inputs Keras rejects must be
 * rejected with a {@link KerasInitException}. Prints the parity table per initializer x dtype.
 */
class ParityTest {
  private static final List<GoldenCase> CASES = GoldenCase.load();
  private static final Map<String, int[]> TABLE = new TreeMap<>(); // class|dtype -> {exact, total}
  private static final Map<String, Long> MAX_ULP = new TreeMap<>();
  private static final List<String> DEVIATIONS = new ArrayList<>();

  @TestFactory
  Stream<DynamicTest> eagerMatchesKeras() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.id, () -> check(c, false, "/CPU:0")));
  }

  @TestFactory
  Stream<DynamicTest> graphMatchesKeras() {
    return CASES.stream().filter(c -> c.ok && Deviations.reason(c) == null)
        .map(c -> DynamicTest.dynamicTest(c.id + " (graph)", () -> check(c, true, null)));
  }

  /**
   * The same cases with every op on each accelerator TF sees (the -Pgpu build on a CUDA machine). Stateless draws
   * are meant to match the CPU's bytes; Orthogonal's Qr runs on the device's solver, so it is bounded instead. With
   * no accelerator, one row reports "no GPU" as aborted, visibly, instead of passing.
   */
  @TestFactory
  Stream<DynamicTest> acceleratorsMatchKeras() {
    List<String> accelerators = Devices.accelerators();
    if (accelerators.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("/GPU:0: no GPU", () -> Assumptions.abort(
          "no GPU: devices seen are " + Devices.list() + "; build with -Pgpu on a CUDA machine to run these")));
    }
    return accelerators.stream().flatMap(device -> CASES.stream().filter(c -> Deviations.reason(c) == null)
        .map(c -> DynamicTest.dynamicTest(c.id + " on " + device, () -> check(c, false, device))));
  }

  private static void check(GoldenCase c, boolean graph, String device) throws Exception {
    DType dtype = null;
    TestTensors.Result result;
    KerasInitException rejection = null;
    try {
      PythonRandom random = c.pythonSeed != null ? new PythonRandom(c.pythonSeed) : PythonRandom.global();
      KerasInitializer init = Initializers.get(c.config, random);
      dtype = DType.of(c.dtype);
      result = graph ? TestTensors.graph(init, c.shape(), dtype, c.calls)
          : TestTensors.eager(init, c.shape(), dtype, c.calls, device);
    } catch (KerasInitException e) {
      rejection = e;
      result = null;
    }
    String deviation = Deviations.reason(c);
    if (deviation != null) {
      if (!graph) {
        synchronized (DEVIATIONS) {
          DEVIATIONS.add(c.id + ": " + deviation);
        }
      }
      assertEquals(c.ok, rejection != null, "a documented deviation should go the other way: " + c);
      if (c.legacyOf != null) {
        GoldenCase canonical = canonicalOf(c);
        assertEquals(canonical.sha256, sha256(result.bytes), c + " must equal " + canonical);
      }
      return;
    }
    if (!c.ok) {
      assertTrue(rejection != null, "Keras rejects " + c + " (" + c.errorType + ": " + c.message
          + ") but keras-init accepted it");
      return;
    }
    if (rejection != null) {
      fail("Keras accepts " + c + " but keras-init rejected it: " + rejection.getMessage(), rejection);
    }
    assertArrayEquals(c.outShape, result.shape, "shape of " + c);
    boolean exact = sha256(result.bytes).equals(c.sha256);
    long ulp = exact ? 0 : ulpAgainstGolden(c, dtype, result);
    boolean onCpu = "/CPU:0".equals(device);
    if (!graph && onCpu) {
      record(c, exact, ulp);
    }
    if (Deviations.isOrthogonalFloat16(c) || (!onCpu && !graph && c.kerasClassName().equals("Orthogonal"))) {
      OrthogonalFloat16Bound.check(c, result);
      return;
    }
    String valueDeviation = Deviations.valueReason(c);
    if (valueDeviation != null && !exact) {
      assertTrue(ulp >= 0 && ulp <= Deviations.MAX_WINDOW_ULP, c + ": " + valueDeviation + ", got " + ulp);
      return;
    }
    assertTrue(exact, (graph ? "graph" : "eager") + " bytes differ from Keras for " + c + " (max ulp " + ulp + ")");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The golden of the Keras 3 class a legacy name stands for, with the same arguments, shape and dtype. */
  private static GoldenCase canonicalOf(GoldenCase legacy) {
    Object args = ((Map<?, ?>) legacy.config).get("config");
    return CASES.stream()
        .filter(g -> g.ok && g.config instanceof Map && legacy.legacyOf.equals(((Map<?, ?>) g.config).get("class_name"))
            && java.util.Objects.equals(args, ((Map<?, ?>) g.config).get("config"))
            && java.util.Arrays.equals(g.shape, legacy.shape) && g.dtype.equals(legacy.dtype))
        .findFirst().orElseThrow(() -> new AssertionError("no golden of " + legacy.legacyOf + " for " + legacy));
  }

  private static long ulpAgainstGolden(GoldenCase c, DType dtype, TestTensors.Result result) {
    Npy.Array golden = c.golden();
    if (golden == null || !dtype.isFloating()) {
      return -1;
    }
    return TestTensors.maxUlp(dtype, golden.data, result.bytes);
  }

  private static synchronized void record(GoldenCase c, boolean exact, long ulp) {
    String key = c.kerasClassName() + "|" + c.dtype;
    int[] row = TABLE.computeIfAbsent(key, k -> new int[2]);
    row[1]++;
    if (exact) {
      row[0]++;
    }
    MAX_ULP.merge(key, ulp, Math::max);
  }

  @AfterAll
  static void printTable() {
    StringBuilder sb = new StringBuilder("\nParity with Python Keras 3.15.1 (eager; graph mode checked on the same cases)\n");
    sb.append(String.format("%-16s %-9s %14s %8s%n", "initializer", "dtype", "bit-exact", "max ulp"));
    int exact = 0;
    int total = 0;
    for (Map.Entry<String, int[]> e : TABLE.entrySet()) {
      String[] k = e.getKey().split("\\|");
      int[] r = e.getValue();
      exact += r[0];
      total += r[1];
      long ulp = MAX_ULP.get(e.getKey());
      sb.append(String.format("%-16s %-9s %8d / %-4d %8s%n", k[0], k[1], r[0], r[1], ulp < 0 ? "n/a" : ulp));
    }
    long rejected = CASES.stream().filter(c -> !c.ok).count();
    sb.append(String.format("total: %d / %d values bit-exact; %d inputs Keras rejects%n", exact, total, rejected));
    for (String d : DEVIATIONS) {
      sb.append("documented deviation: ").append(d).append('\n');
    }
    System.out.println(sb);
  }
}
