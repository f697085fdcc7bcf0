package io.github.kerasinit.device;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.tensor.Ulps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * Every initializer, seeded, in each float dtype, computed on a reference device and on another one: how many
 * results are bit-equal and the largest ulp distance. What {@code keras-init doctor} prints.
 *
 * <p>Expectation: TF's stateless random kernels (Philox counters, then the same transform) are meant to give the
 * same bytes on CPU and GPU, and the constants (Zeros, Ones, Constant, Identity) must. The CPU-dependent ones
 * ({@link KerasInitializer#cpuDependent()}) may differ and are reported as such rather than as a failure: Orthogonal
 * runs {@code Qr}, which on a GPU is cuSOLVER's algorithm, not Eigen's, and STFT runs the device's cos/sin.
 */
public final class DeviceComparison {
  /** One config per Keras class, seeded so that both devices draw the same stream. */
  public static final List<String> CONFIGS = List.of(
      "{\"class_name\": \"Zeros\"}",
      "{\"class_name\": \"Ones\"}",
      "{\"class_name\": \"Constant\", \"config\": {\"value\": 0.3}}",
      "{\"class_name\": \"RandomNormal\", \"config\": {\"mean\": 0.1, \"stddev\": 0.7, \"seed\": 11}}",
      "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": -0.4, \"maxval\": 0.9, \"seed\": 12}}",
      "{\"class_name\": \"TruncatedNormal\", \"config\": {\"stddev\": 0.2, \"seed\": 13}}",
      "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_avg\","
          + " \"distribution\": \"untruncated_normal\", \"seed\": 14}}",
      "{\"class_name\": \"GlorotNormal\", \"config\": {\"seed\": 15}}",
      "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 16}}",
      "{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 17}}",
      "{\"class_name\": \"HeUniform\", \"config\": {\"seed\": 18}}",
      "{\"class_name\": \"LecunNormal\", \"config\": {\"seed\": 19}}",
      "{\"class_name\": \"LecunUniform\", \"config\": {\"seed\": 20}}",
      "{\"class_name\": \"Orthogonal\", \"config\": {\"gain\": 1.5, \"seed\": 21}}",
      "{\"class_name\": \"Identity\", \"config\": {\"gain\": 2.0}}",
      "{\"class_name\": \"STFT\", \"config\": {\"window\": \"hann\"}}");
  public static final List<DType> DTYPES = List.of(DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64);

  private DeviceComparison() {}

  /** A row of the comparison: one initializer over the dtypes it accepts. */
  public record Row(String initializer, int compared, int bitEqual, long maxUlp, boolean bitEqualExpected) {
    /** Equal where equality is expected; CPU-dependent initializers (Orthogonal, STFT) may differ. */
    public boolean asExpected() {
      return !bitEqualExpected || bitEqual == compared;
    }

    public String verdict() {
      if (bitEqual == compared) {
        return "bit-equal";
      }
      return bitEqualExpected ? "DIFFERS (unexpected)" : "differs (expected: a CPU-dependent kernel)";
    }
  }

  /** Compares every initializer on {@code reference} and {@code device}; {@code elements} sets the shape's size. */
  public static List<Row> compare(String reference, String device, int side) {
    List<Row> rows = new ArrayList<>();
    for (String json : CONFIGS) {
      KerasInitializer init = Initializers.deserialize(json);
      Shape shape = init.className().equals("STFT") ? Shape.of(side, 1, side / 2 + 1) : Shape.of(side, side);
      int compared = 0;
      int equal = 0;
      long maxUlp = 0;
      for (DType dtype : DTYPES) {
        byte[] a;
        byte[] b;
        try {
          a = run(init, shape, dtype, reference);
        } catch (KerasInitException refused) {
          continue; // refused by Keras as well (Orthogonal in bfloat16): nothing to compare
        }
        b = run(init, shape, dtype, device);
        compared++;
        long ulp = Ulps.max(dtype, a, b);
        if (java.util.Arrays.equals(a, b)) {
          equal++;
        }
        maxUlp = Math.max(maxUlp, ulp);
      }
      rows.add(new Row(init.className(), compared, equal, maxUlp, !init.cpuDependent()));
    }
    return rows;
  }

  private static byte[] run(KerasInitializer init, Shape shape, DType dtype, String device) {
    return EagerValue.compute(init, shape, dtype, 1, device).bytes;
  }
}
