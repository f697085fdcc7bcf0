package io.github.kerasinit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.catalog.VarianceScaling.Distribution;
import io.github.kerasinit.catalog.VarianceScaling.Mode;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.StatelessDraws;
import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.Shape;

/**
 * Statistical tests, in addition to bit parity: Kolmogorov-Smirnov against the exact distribution, moments, bounds.
 * Fixed seeds, so a pass is deterministic; the thresholds are the alpha = 0.001 critical values.
 */
class DistributionTest {
  private static final int N = 1 << 17;
  private static final double KS_P_MIN = 1e-3;

  /** The device every draw runs on; {@link DistributionOnGpuTest} runs the same tests on /GPU:0. */
  protected String device() {
    return "/CPU:0";
  }

  private double[] sample(KerasInitializer init, Shape shape, DType dtype) {
    return TestTensors.eager(init, shape, dtype, 1, device()).doubles();
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void randomNormalIsNormal(String dtypeName) {
    DType dtype = DType.of(dtypeName);
    double[] x = sample(new RandomNormal(1.5, 0.3, Seed.of(3)), Shape.of(N), dtype);
    assertKs(x, new NormalDistribution(1.5, 0.3));
    assertEquals(1.5, mean(x), 5 * 0.3 / Math.sqrt(N));
    assertEquals(0.3, std(x), 0.3 * 5 / Math.sqrt(2.0 * N));
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void truncatedNormalStaysWithinTwoStddevsAndFollowsTheTruncatedLaw(String dtypeName) {
    double mean = -0.5;
    double stddev = 2.0;
    double[] x = sample(new TruncatedNormal(mean, stddev, Seed.of(4)), Shape.of(N), DType.of(dtypeName));
    for (double v : x) {
      assertTrue(Math.abs(v - mean) <= 2 * stddev, "value " + v + " beyond 2 stddev");
    }
    assertKs(x, new TruncatedNormalDistribution(mean, stddev));
    // the standard deviation of a unit normal truncated to [-2, 2] is Keras' .87962566103423978
    assertEquals(stddev * StatelessDraws.TRUNCATED_UNIT_STDDEV, std(x), 0.01);
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64", "float16", "bfloat16"})
  void randomUniformIsUniformInTheHalfOpenRange(String dtypeName) {
    DType dtype = DType.of(dtypeName);
    double[] x = sample(new RandomUniform(-1.0, 3.0, Seed.of(5)), Shape.of(N), dtype);
    for (double v : x) {
      assertTrue(v >= -1.0 && v <= 3.0, "value " + v + " outside [-1, 3]");
    }
    if (dtype == DType.FLOAT32 || dtype == DType.FLOAT64) {
      assertKs(x, new UniformRealDistribution(-1.0, 3.0));
      assertTrue(Arrays.stream(x).allMatch(v -> v < 3.0), "uniform must exclude maxval");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"int32", "int64"})
  void integerUniformDrawsEveryIntegerBetweenTheTruncatedBounds(String dtypeName) {
    double[] x = sample(new RandomUniform(-3.7, 5.9, Seed.of(6)), Shape.of(N), DType.of(dtypeName));
    int[] counts = new int[8];
    for (double v : x) {
      assertTrue(v >= -3 && v < 5 && v == Math.rint(v), "value " + v + " not an int in [-3, 5)");
      counts[(int) v + 3]++;
    }
    for (int c : counts) {
      assertEquals(N / 8.0, c, 5 * Math.sqrt(N / 8.0), "counts " + Arrays.toString(counts));
    }
  }

  @ParameterizedTest
  @EnumSource(Distribution.class)
  void varianceScalingHasTheStddevItPromisesAndItsBounds(Distribution distribution) {
    Shape shape = Shape.of(3, 3, 64, 128); // fan_in 576, fan_out 1152
    for (Mode mode : Mode.values()) {
      VarianceScaling init = new VarianceScaling(2.0, mode, distribution, Seed.of(8));
      double expected = init.expectedStddev(shape);
      double n = mode == Mode.FAN_IN ? 576 : mode == Mode.FAN_OUT ? 1152 : 864;
      assertEquals(Math.sqrt(2.0 / n), expected, 1e-15);
      double[] x = sample(init, shape, DType.FLOAT32);
      assertEquals(0.0, mean(x), 5 * expected / Math.sqrt(x.length));
      assertEquals(expected, std(x), expected * 0.01, mode + " " + distribution);
      double bound = distribution == Distribution.UNIFORM ? Math.sqrt(3) * expected
          : distribution == Distribution.TRUNCATED_NORMAL ? 2 * expected / StatelessDraws.TRUNCATED_UNIT_STDDEV
          : Double.POSITIVE_INFINITY;
      double max = Arrays.stream(x).map(Math::abs).max().orElse(0);
      assertTrue(max <= bound * (1 + 1e-6), "max |x| " + max + " > " + bound);
      RealDistribution law = distribution == Distribution.UNIFORM ? new UniformRealDistribution(-bound, bound)
          : distribution == Distribution.UNTRUNCATED_NORMAL ? new NormalDistribution(0, expected)
          : new TruncatedNormalDistribution(0, expected / StatelessDraws.TRUNCATED_UNIT_STDDEV);
      assertKs(x, law);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal"})
  void presetsHaveTheirTextbookStddev(String name) {
    Shape shape = Shape.of(400, 600);
    KerasInitializer init = io.github.kerasinit.config.Initializers.get(
        java.util.Map.of("class_name", name, "config", java.util.Map.of("seed", 11L)));
    double expected;
    switch (name) {
      case "GlorotUniform":
      case "GlorotNormal":
        expected = Math.sqrt(2.0 / (400 + 600));
        break;
      case "HeUniform":
      case "HeNormal":
        expected = Math.sqrt(2.0 / 400);
        break;
      default:
        expected = Math.sqrt(1.0 / 400);
    }
    assertEquals(expected, ((VarianceScaling) init).expectedStddev(shape), 1e-15);
    assertEquals(expected, std(sample(init, shape, DType.FLOAT32)), expected * 0.01);
  }

  static void assertKs(double[] x, RealDistribution law) {
    double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(law, x);
    assertTrue(p > KS_P_MIN, "Kolmogorov-Smirnov p-value " + p + " against " + law.getClass().getSimpleName());
  }

  static double mean(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }

  static double std(double[] x) {
    double m = mean(x);
    return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length);
  }

  /** A normal truncated to [mean - 2 stddev, mean + 2 stddev]. */
  static final class TruncatedNormalDistribution extends org.apache.commons.math3.distribution.AbstractRealDistribution {
    private static final long serialVersionUID = 1L;
    private final NormalDistribution normal;
    private final double lo;
    private final double hi;
    private final double mass;

    TruncatedNormalDistribution(double mean, double stddev) {
      super(null);
      normal = new NormalDistribution(mean, stddev);
      lo = mean - 2 * stddev;
      hi = mean + 2 * stddev;
      mass = normal.cumulativeProbability(hi) - normal.cumulativeProbability(lo);
    }

    @Override
    public double cumulativeProbability(double x) {
      if (x <= lo) {
        return 0;
      }
      if (x >= hi) {
        return 1;
      }
      return (normal.cumulativeProbability(x) - normal.cumulativeProbability(lo)) / mass;
    }

    @Override
    public double density(double x) {
      return x < lo || x > hi ? 0 : normal.density(x) / mass;
    }

    @Override
    public double getNumericalMean() {
      return normal.getMean();
    }

    @Override
    public double getNumericalVariance() {
      return Double.NaN;
    }

    @Override
    public double getSupportLowerBound() {
      return lo;
    }

    @Override
    public double getSupportUpperBound() {
      return hi;
    }

    @Override
    public boolean isSupportLowerBoundInclusive() {
      return true;
    }

    @Override
    public boolean isSupportUpperBoundInclusive() {
      return true;
    }

    @Override
    public boolean isSupportConnected() {
      return true;
    }
  }
}
