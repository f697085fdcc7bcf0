package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.tensor.HalfPrecision;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The machine-dependent bound is tight enough that real bugs fail it: every machine-dependent golden, perturbed the
 * ways a bug would perturb it (a wrong seed, a gain 10 % off, a sign flip, a transpose, float32/float64 values rounded
 * through float16), must be refused by {@link MachineBound}. A perturbation that moves no value by more than one eps
 * of the largest magnitude (a sign flip of zeros, the transpose of a symmetric matrix) is not counted. And portable
 * values keep no tolerance at all: one flipped bit fails.
 */
class BoundSensitivityTest {
  private static final List<GoldenCase> MACHINE_DEPENDENT = GoldenCase.load().stream()
      .filter(c -> c.ok && c.machineDependent != null && c.file != null && c.outShape.length > 0
          && java.util.Arrays.stream(c.outShape).reduce(1, (a, b) -> a * b) > 0)
      .toList();
  private static final Map<String, BiFunction<GoldenCase, double[], double[]>> PERTURBATIONS = new LinkedHashMap<>();
  private static final Map<String, int[]> REFUSED = new TreeMap<>(); // perturbation|bound -> {refused, applied}

  static {
    PERTURBATIONS.put("wrong seed", BoundSensitivityTest::otherSeed);
    PERTURBATIONS.put("gain 10% off", (c, v) -> map(v, x -> x * 1.1));
    PERTURBATIONS.put("sign flip", (c, v) -> map(v, x -> -x));
    PERTURBATIONS.put("transpose", BoundSensitivityTest::transpose);
    PERTURBATIONS.put("rounded through float16", (c, v) -> c.dtype.equals("float32") || c.dtype.equals("float64")
        ? map(v, x -> HalfPrecision.halfBitsToDouble(HalfPrecision.doubleToHalfBits(x))) : null);
  }

  /** One perturbed golden and the bound's verdict on it. */
  private record Trial(GoldenCase golden, String perturbation, MachineBound.Verdict verdict) {}

  /** Every applicable, value-changing perturbation of every machine-dependent golden, run once. */
  private static final class Trials {
    static final List<Trial> ALL = run();

    private static List<Trial> run() {
      List<Trial> trials = new ArrayList<>();
      for (GoldenCase c : MACHINE_DEPENDENT) {
        DType dtype = DType.of(c.dtype);
        byte[] golden = c.golden().data;
        double[] values = TestTensors.toDoubles(dtype, golden);
        for (Map.Entry<String, BiFunction<GoldenCase, double[], double[]>> p : PERTURBATIONS.entrySet()) {
          double[] perturbed = p.getValue().apply(c, values);
          byte[] bytes = perturbed == null ? null : TensorBytes.fromDoubles(dtype, perturbed);
          if (bytes == null || withinOneEps(dtype, values, TestTensors.toDoubles(dtype, bytes))) {
            continue; // not applicable, or it moves nothing more than rounding could
          }
          MachineBound.Verdict verdict = MachineBound.within(c.machineDependent, dtype, c.shape, golden, bytes);
          trials.add(new Trial(c, p.getKey(), verdict));
          tally(p.getKey() + "|" + c.machineDependent, !verdict.ok());
        }
      }
      return trials;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPerturbationFailsTheBound() {
    return Trials.ALL.stream().map(t -> DynamicTest.dynamicTest(t.golden().id + " " + t.perturbation(),
        () -> assertFalse(t.verdict().ok(), t.golden() + ": " + t.perturbation() + " passed the bound ("
            + t.verdict().detail() + ")")));
  }

  /** Each perturbation was applied to values of each bound it fits, so none of the checks above is empty. */
  @Test
  void everyPerturbationWasTriedOnEveryBound() {
    for (String p : PERTURBATIONS.keySet()) {
      for (String bound : GoldenCase.bounds().keySet()) {
        boolean applies = !(p.equals("wrong seed") && bound.equals("stft"))
            && !(p.equals("rounded through float16") && bound.equals("qr_float16"));
        long applied = Trials.ALL.stream()
            .filter(t -> t.perturbation().equals(p) && t.golden().machineDependent.equals(bound)).count();
        assertEquals(applies, applied > 0, p + " on " + bound + ": applied " + applied + " times");
      }
    }
  }

  /** Portable values keep no tolerance: one flipped bit anywhere is a failure. */
  @Test
  void portableValuesToleratesNoFlippedBit() throws Exception {
    int checked = 0;
    for (GoldenCase c : GoldenCase.load()) {
      if (!c.ok || c.machineDependent != null || c.file == null) {
        continue;
      }
      byte[] bytes = c.golden().data.clone();
      if (bytes.length == 0) {
        continue;
      }
      bytes[bytes.length / 2] ^= 1;
      ParityTest.Match match = ParityTest.Match.of(c, DType.of(c.dtype), bytes);
      assertFalse(match.exact(), c.id);
      assertNull(match.bounded(), c.id + ": a portable value must never be compared within a bound");
      checked++;
    }
    assertTrue(checked > 1000, "portable values checked: " + checked);
  }

  private static synchronized void tally(String key, boolean refused) {
    int[] row = REFUSED.computeIfAbsent(key, k -> new int[2]);
    row[1]++;
    if (refused) {
      row[0]++;
    }
  }

  @AfterAll
  static void printTable() {
    StringBuilder sb = new StringBuilder("\nMachine-dependent bound against perturbed goldens (refused / applied)\n");
    REFUSED.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-26s %-11s %5d / %d%n", k.split("\\|")[0],
        k.split("\\|")[1], v[0], v[1])));
    System.out.println(sb);
  }

  /** Orthogonal with its seed changed: the seed + 1, the Python stream's seed + 1, or a SeedGenerator's next draw. */
  private static double[] otherSeed(GoldenCase c, double[] values) {
    if (!"Orthogonal".equals(c.kerasClassName())) {
      return null;
    }
    Object config = c.config;
    int calls = c.calls;
    if (config instanceof Map && ((Map<?, ?>) config).get("config") instanceof Map
        && ((Map<?, ?>) ((Map<?, ?>) config).get("config")).get("seed") instanceof Number) {
      Map<String, Object> outer = new LinkedHashMap<>(castMap(config));
      Map<String, Object> inner = new LinkedHashMap<>(castMap(outer.get("config")));
      inner.put("seed", ((Number) inner.get("seed")).longValue() + 1);
      outer.put("config", inner);
      config = outer;
    } else if (c.pythonSeed == null) {
      calls++;
    }
    PythonRandom random = new PythonRandom(c.pythonSeed == null ? 0 : c.pythonSeed + 1);
    DType dtype = DType.of(c.dtype);
    return TestTensors.toDoubles(dtype, TestTensors.eager(Initializers.get(config, random), c.shape(), dtype, calls)
        .bytes);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** The values as a (rows, last dim) matrix, transposed, in the same flat length. */
  private static double[] transpose(GoldenCase c, double[] v) {
    int cols = (int) c.outShape[c.outShape.length - 1];
    int rows = v.length / cols;
    double[] out = new double[v.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = v[i * cols + j];
      }
    }
    return out;
  }

  private static double[] map(double[] v, java.util.function.DoubleUnaryOperator f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = f.applyAsDouble(v[i]);
    }
    return out;
  }

  /**
   * True when no value moved by more than one eps of the largest magnitude: a sign flip of zeros, the transpose of a
   * symmetric matrix, rounding that only touches round-off noise near zero (cos(pi/2) = 6e-17). Nothing can tell such
   * a change from one rounding of the largest value, so it is no bug a comparison could catch.
   */
  private static boolean withinOneEps(DType dtype, double[] a, double[] b) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i]) && Double.isNaN(b[i])) {
        continue;
      }
      if (Double.isNaN(a[i]) || Double.isNaN(b[i]) || Double.isInfinite(a[i]) || Double.isInfinite(b[i])) {
        if (Double.compare(a[i], b[i]) != 0) {
          return false;
        }
        continue;
      }
      scale = Math.max(scale, Math.abs(a[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    return diff <= scale * MachineBound.eps(dtype);
  }
}
