package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.device.Devices;
import io.github.kerasinit.io.Npy;
import io.github.kerasinit.random.PythonRandom;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case Python Keras produced, run through {@link Initializers#get} and {@code call} in eager mode and,
 * for the successful ones, again in graph mode: portable values must be Keras' bytes, machine-dependent ones
 * (Orthogonal, STFT: {@link MachineBound}) Keras' bytes or within their bound, and inputs Keras rejects must be
 * rejected with a {@link KerasInitException}. Prints the parity table per initializer x dtype.
 */
class ParityTest {
  private static final List<GoldenCase> CASES = GoldenCase.load();
  private static final Map<String, Row> TABLE = new TreeMap<>(); // class|dtype
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
   * The same cases with every op on each accelerator TF sees (the -Pgpu build on a CUDA machine). Portable values
   * (stateless draws, constants) must match the CPU's bytes; machine-dependent ones get the same bound as on another
   * CPU (Orthogonal's Qr runs on the device's solver there). With no accelerator, one row reports "no GPU" as
   * aborted, visibly, instead of passing.
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
        Match.of(canonical, dtype, result.bytes).assertOk(c + " must equal " + canonical);
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
    Match match = Match.of(c, dtype, result.bytes);
    if (!graph && "/CPU:0".equals(device)) {
      record(c, match);
    }
    match.assertOk((graph ? "graph" : "eager") + " values of " + c);
  }

  /** How a value compares with a golden: bit-exact, or for a machine-dependent golden, its bound's verdict. */
  record Match(GoldenCase golden, boolean exact, MachineBound.Verdict bounded, long ulp) {
    static Match of(GoldenCase golden, DType dtype, byte[] bytes) throws Exception {
      if (sha256(bytes).equals(golden.sha256)) {
        return new Match(golden, true, null, 0);
      }
      if (golden.machineDependent != null) {
        return new Match(golden, false,
            MachineBound.within(golden.machineDependent, dtype, golden.shape, golden.golden().data, bytes), -1);
      }
      Npy.Array values = golden.golden();
      return new Match(golden, false, null, values == null || !dtype.isFloating() ? -1
          : TestTensors.maxUlp(dtype, values.data, bytes));
    }

    /** Portable values: bit-exact on every machine; machine-dependent ones: bit-exact or within their bound. */
    void assertOk(String what) {
      if (bounded != null) {
        assertTrue(bounded.ok(), what + " (machine-dependent, bound " + golden.machineDependent + "): "
            + bounded.detail());
      } else {
        assertTrue(exact, what + ": bytes differ from Keras' (portable: bit-exact on every machine; max ulp " + ulp
            + ")");
      }
    }
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

  private static synchronized void record(GoldenCase c, Match match) {
    Row row = TABLE.computeIfAbsent(c.kerasClassName() + "|" + c.dtype, k -> new Row());
    row.cases++;
    row.machineDependent |= c.machineDependent != null;
    if (match.exact()) {
      row.exact++;
    } else if (match.bounded() != null && match.bounded().ok()) {
      row.bounded++;
      row.maxEps = Math.max(row.maxEps, match.bounded().eps());
    }
  }

  /** One line of the printed table: an initializer in one dtype. */
  private static final class Row {
    int cases;
    int exact;
    int bounded;
    double maxEps;
    boolean machineDependent;
  }

  @AfterAll
  static void printTable() {
    StringBuilder sb = new StringBuilder("\nParity with Python Keras 3.15.1 (eager; graph mode checked on the same cases)"
        + " on " + CpuClass.describe() + "\n");
    sb.append(String.format(Locale.ROOT, "%-16s %-9s %-9s %14s %16s%n", "initializer", "dtype", "values",
        "bit-exact", "within bound"));
    int exact = 0;
    int bounded = 0;
    int total = 0;
    for (Map.Entry<String, Row> e : TABLE.entrySet()) {
      String[] k = e.getKey().split("\\|");
      Row r = e.getValue();
      exact += r.exact;
      bounded += r.bounded;
      total += r.cases;
      sb.append(String.format(Locale.ROOT, "%-16s %-9s %-9s %8d / %-4d %16s%n", k[0], k[1],
          r.machineDependent ? "machine" : "portable", r.exact, r.cases,
          r.bounded == 0 ? "-" : String.format(Locale.ROOT, "%d (%.3g eps)", r.bounded, r.maxEps)));
    }
    long rejected = CASES.stream().filter(c -> !c.ok).count();
    sb.append(String.format(Locale.ROOT, "total: %d / %d values bit-exact, %d within their machine-dependent bound;"
        + " %d inputs Keras rejects%n", exact, total, bounded, rejected));
    for (String d : DEVIATIONS) {
      sb.append("documented deviation: ").append(d).append('\n');
    }
    System.out.println(sb);
  }
}
