package io.github.kerasinit.parity;

import io.github.kerasinit.DType;
import io.github.kerasinit.TestTensors;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison for machine-dependent values: Orthogonal (TF's Qr) and STFT (scipy windows, TF's float64 cos/sin).
 * Their bits depend on the CPU's vector instructions, so Python Keras itself gives other bits on another machine;
 * they are compared with the goldens within a bound instead of byte for byte. Everything else is portable and
 * compared byte for byte.
 *
 * <p>The rule (which values), the numbers and the measurements behind them live in one place,
 * {@code python-parity/portability.py}; the golden generators write each value's bound name into the goldens and the
 * numbers into {@code parity/manifest.json}'s "bounds", which this class reads. The test is the same as there:
 * <ul>
 *   <li>{@code max |ours - golden| <= max_rel_eps * eps(dtype) * max |golden|}, NaN and infinities at the same places
 *       with the same values;</li>
 *   <li>for Orthogonal ({@code qr}, {@code qr_float16}) also: the orthogonality error {@code max |G / mean(diag G) - I|}
 *       of the smaller Gram matrix exceeds the golden's by at most {@code max_rel_eps * eps(dtype)}.</li>
 * </ul>
 */
public final class MachineBound {
  /** The outcome: within the bound, the largest difference in eps of the largest magnitude, and a line for a person. */
  public record Verdict(boolean ok, double eps, String detail) {}

  private MachineBound() {}

  /** {@code max_rel_eps} of a bound, from the manifest. */
  public static int maxRelEps(String bound) {
    Object spec = GoldenCase.bounds().get(bound);
    if (!(spec instanceof Map)) {
      throw new IllegalArgumentException("no bound \"" + bound + "\" in parity/manifest.json; known: "
          + GoldenCase.bounds().keySet());
    }
    return ((Number) ((Map<?, ?>) spec).get("max_rel_eps")).intValue();
  }

  /** Machine epsilon of a float dtype: the distance from 1.0 to the next value. */
  public static double eps(DType dtype) {
    switch (dtype) {
      case FLOAT16:
        return 0x1p-10;
      case BFLOAT16:
        return 0x1p-7;
      case FLOAT32:
        return 0x1p-23;
      case FLOAT64:
        return 0x1p-52;
      default:
        throw new IllegalArgumentException("no machine-dependent bound for " + dtype);
    }
  }

  /** {@code ours} against {@code golden}, both little-endian bytes of {@code dtype} in {@code shape}. */
  public static Verdict within(String bound, DType dtype, long[] shape, byte[] golden, byte[] ours) {
    if (golden.length != ours.length) {
      return new Verdict(false, Double.POSITIVE_INFINITY, ours.length + " bytes vs Keras' " + golden.length);
    }
    double[] g = TestTensors.toDoubles(dtype, golden);
    double[] o = TestTensors.toDoubles(dtype, ours);
    double scale = 0;
    double diff = 0;
    boolean special = false;
    for (int i = 0; i < g.length; i++) {
      if (!Double.isFinite(g[i]) || !Double.isFinite(o[i])) {
        if (Double.compare(g[i], o[i]) != 0) {
          return new Verdict(false, Double.POSITIVE_INFINITY, "NaN or infinity at other places (element " + i + ")");
        }
        special = true;
        continue;
      }
      scale = Math.max(scale, Math.abs(g[i]));
      diff = Math.max(diff, Math.abs(o[i] - g[i]));
    }
    int limit = maxRelEps(bound);
    double rel = scale > 0 ? diff / (scale * eps(dtype)) : diff == 0 ? 0 : Double.POSITIVE_INFINITY;
    if (rel > limit) {
      return new Verdict(false, rel, String.format(Locale.ROOT,
          "max abs difference %.3g = %.3g eps of the largest magnitude > %d (bound %s)", diff, rel, limit, bound));
    }
    String detail = String.format(Locale.ROOT, "%.3g eps", rel);
    if (bound.startsWith("qr") && !special && g.length > 0) {
      double ortho = (orthogonalityError(o, shape) - orthogonalityError(g, shape)) / eps(dtype);
      if (ortho > limit) {
        return new Verdict(false, rel, String.format(Locale.ROOT,
            "orthogonality error exceeds Keras' by %.3g eps > %d (bound %s)", ortho, limit, bound));
      }
      detail += String.format(Locale.ROOT, ", orthogonality +%.3g eps", Math.max(ortho, 0));
    }
    return new Verdict(true, rel, detail);
  }

  /**
   * {@code max |G / mean(diag G) - I|} for the smaller Gram matrix of q seen as (rows, last dim): 0 for an orthogonal
   * matrix of any gain.
   */
  static double orthogonalityError(double[] q, long[] shape) {
    int cols = (int) shape[shape.length - 1];
    int rows = q.length / Math.max(1, cols);
    boolean byColumns = rows >= cols;
    int n = byColumns ? cols : rows;
    int len = byColumns ? rows : cols;
    double[] gram = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < len; k++) {
          double a = byColumns ? q[k * cols + i] : q[i * cols + k];
          double b = byColumns ? q[k * cols + j] : q[j * cols + k];
          dot += a * b;
        }
        gram[i * n + j] = dot;
        gram[j * n + i] = dot;
      }
    }
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += gram[i * n + i];
    }
    double scale = trace / n;
    if (scale == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        max = Math.max(max, Math.abs(gram[i * n + j] / scale - (i == j ? 1 : 0)));
      }
    }
    return max;
  }
}
