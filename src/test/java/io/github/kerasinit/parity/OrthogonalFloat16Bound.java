package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.TestTensors;
import io.github.kerasinit.io.Npy;
import io.github.kerasinit.tensor.DType;

/**
 * The one known exception to bit parity: Orthogonal in float16. The normal draw is bit-identical, but TF's float16
 * Qr kernel rounds differently in TF 2.18 (TF-Java 1.1.0) and TF 2.21 (Python). We bound what differs: every value
 * within {@link #MAX_ABS} of Keras', and the result as orthogonal as Keras' own float16 result. The same bound serves
 * Orthogonal on an accelerator, whose Qr is the device's solver, not Eigen's.
 */
final class OrthogonalFloat16Bound {
  static final double MAX_ABS = 0.01;

  private OrthogonalFloat16Bound() {}

  static void check(GoldenCase c, TestTensors.Result ours) {
    Npy.Array golden = c.golden();
    double[] keras = TestTensors.toDoubles(DType.of(c.dtype), golden.data);
    double[] mine = ours.doubles();
    double maxAbs = 0;
    for (int i = 0; i < mine.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(mine[i] - keras[i]));
    }
    assertTrue(maxAbs <= MAX_ABS, c.id + ": float16 Orthogonal differs from Keras by " + maxAbs + " > " + MAX_ABS);
    long cols = c.shape[c.shape.length - 1];
    long rows = mine.length / Math.max(1, cols);
    double oursError = orthogonalityError(mine, rows, cols);
    double kerasError = orthogonalityError(keras, rows, cols);
    assertTrue(oursError <= Math.max(2 * kerasError, 0.01), c.id + ": orthogonality error " + oursError
        + " vs Keras' " + kerasError);
  }

  /** max |G - I| where G = QᵀQ or QQᵀ, whichever is the small Gram matrix (gain 1 in these cases). */
  static double orthogonalityError(double[] q, long rows, long cols) {
    boolean byColumns = rows >= cols;
    int n = (int) (byColumns ? cols : rows);
    int len = (int) (byColumns ? rows : cols);
    double max = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < len; k++) {
          double a = byColumns ? q[(int) (k * cols + i)] : q[(int) (i * cols + k)];
          double b = byColumns ? q[(int) (k * cols + j)] : q[(int) (j * cols + k)];
          dot += a * b;
        }
        max = Math.max(max, Math.abs(dot - (i == j ? 1 : 0)));
      }
    }
    return max;
  }
}
