package io.github.kerasinit.window;

import io.github.kerasinit.tensor.PrivateEager;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat64;

/**
 * The float64 {@code cos} and {@code sin} that scipy's windows see. numpy evaluates them with the C library's
 * {@code cos}/{@code sin} (glibc here), which is not correctly rounded and differs from Java's {@link StrictMath}
 * in a few results per thousand. TensorFlow's float64 {@code Cos}/{@code Sin} kernels call the same C library
 * functions (measured: 0 of 20,000 differ), so we evaluate through them.
 */
final class Libm {
  private Libm() {}

  static double[] cos(double[] x) {
    return apply(x, true);
  }

  static double[] sin(double[] x) {
    return apply(x, false);
  }

  private static double[] apply(double[] x, boolean cos) {
    if (x.length == 0) {
      return new double[0];
    }
    double[] result = new double[x.length];
    try (var t = PrivateEager.evaluate(tf -> {
      var in = tf.constant(Shape.of(x.length), DataBuffers.of(x, true, false));
      return cos ? tf.math.cos(in) : tf.math.sin(in);
    })) {
      ((TFloat64) t).copyTo(DataBuffers.of(result, false, false));
    }
    return result;
  }
}
