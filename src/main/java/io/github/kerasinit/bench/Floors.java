package io.github.kerasinit.bench;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.Constant;
import io.github.kerasinit.catalog.Identity;
import io.github.kerasinit.catalog.Ones;
import io.github.kerasinit.catalog.Orthogonal;
import io.github.kerasinit.catalog.RandomNormal;
import io.github.kerasinit.catalog.RandomUniform;
import io.github.kerasinit.catalog.TruncatedNormal;
import io.github.kerasinit.catalog.VarianceScaling;
import io.github.kerasinit.catalog.Zeros;
import io.github.kerasinit.tensor.Operands;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.tensor.TfScalars;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.Qr;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * The floor of each case: the raw TF stateless op plus the scale/shift ops Keras adds, with every constant worked out
 * beforehand and nothing else (no config, no validation, no seed objects). The limit for bit-exact output.
 */
public final class Floors {
  private Floors() {}

  /** The floor recipe for an initializer's kind, with its constants precomputed for a shape. */
  public interface Recipe {
    Operand<? extends TType> build(Ops tf);
  }

  public static Recipe of(KerasInitializer init, Shape shape, DType dtype) {
    int[] seed = {1, 0};
    long[] dims = shape.asArray();
    if (init instanceof VarianceScaling) {
      VarianceScaling vs = (VarianceScaling) init;
      double p = vs.drawParameter(shape);
      switch (vs.distribution()) {
        case TRUNCATED_NORMAL:
          return tf -> affine(tf, tf.random.statelessTruncatedNormal(shapeOf(tf, dims), tf.constant(seed), Operands.numberType(dtype)),
              p, 0.0, dtype, false);
        case UNTRUNCATED_NORMAL:
          return tf -> affine(tf, tf.random.statelessRandomNormal(shapeOf(tf, dims), tf.constant(seed), Operands.numberType(dtype)),
              p, 0.0, dtype, false);
        default:
          return tf -> affine(tf, tf.random.statelessRandomUniform(shapeOf(tf, dims), tf.constant(seed), Operands.numberType(dtype)),
              2 * p, -p, dtype, true);
      }
    }
    if (init instanceof RandomNormal || init instanceof TruncatedNormal) {
      boolean truncated = init instanceof TruncatedNormal;
      double mean = truncated ? ((TruncatedNormal) init).mean() : ((RandomNormal) init).mean();
      double stddev = truncated ? ((TruncatedNormal) init).stddev() : ((RandomNormal) init).stddev();
      return tf -> affine(tf, truncated
          ? tf.random.statelessTruncatedNormal(shapeOf(tf, dims), tf.constant(seed), Operands.numberType(dtype))
          : tf.random.statelessRandomNormal(shapeOf(tf, dims), tf.constant(seed), Operands.numberType(dtype)), stddev, mean, dtype,
          false);
    }
    if (init instanceof RandomUniform) {
      double lo = ((RandomUniform) init).minval();
      double hi = ((RandomUniform) init).maxval();
      return tf -> affine(tf, tf.random.statelessRandomUniform(shapeOf(tf, dims), tf.constant(seed), Operands.numberType(dtype)),
          (float) hi - (float) lo, (float) lo, dtype, true);
    }
    if (init instanceof Zeros || init instanceof Ones) {
      double value = init instanceof Ones ? 1 : 0;
      return tf -> tf.fill(shapeOf(tf, dims), TfScalars.intConstant(tf, (long) value, dtype));
    }
    if (init instanceof Constant) {
      double value = ((Constant) init).value().doubleAt(0);
      return tf -> tf.math.mul(Operands.numeric(TfScalars.floatConstant(tf, value, dtype)),
          Operands.numeric(tf.fill(shapeOf(tf, dims), TfScalars.floatConstant(tf, 1.0, dtype))));
    }
    if (init instanceof Identity) {
      double gain = PyValues.toDouble(((Identity) init).gain());
      return tf -> tf.math.mul(Operands.numeric(TfScalars.floatConstant(tf, gain, dtype)), tf.linalg.matrixSetDiag(
          Operands.numeric(tf.fill(tf.constant(dims), TfScalars.floatConstant(tf, 0, dtype))),
          Operands.numeric(tf.fill(tf.constant(new long[] {Math.min(dims[0], dims[1])}), TfScalars.floatConstant(tf, 1, dtype))),
          tf.constant(0)));
    }
    if (init instanceof Orthogonal) {
      double gain = PyValues.toDouble(((Orthogonal) init).gain());
      long rows = dims[0];
      long cols = dims[1];
      return tf -> {
        Operand<TNumber> a = affine(tf, tf.random.statelessRandomNormal(
            tf.constant(new long[] {Math.max(rows, cols), Math.min(rows, cols)}), tf.constant(seed), Operands.numberType(dtype)),
            1.0, 0.0, dtype, false);
        Qr<TNumber> qr = tf.linalg.qr(a, Qr.fullMatrices(false));
        Operand<TNumber> q = tf.math.mul(qr.q(), tf.math.sign(tf.linalg.matrixDiagPartV3(qr.r(), tf.constant(0),
            Operands.numeric(TfScalars.floatConstant(tf, 0, dtype)))));
        return tf.math.mul(Operands.numeric(TfScalars.floatConstant(tf, gain, dtype)), tf.reshape(q, tf.constant(dims)));
      };
    }
    throw new IllegalArgumentException("no floor for " + init.className());
  }

  /** {@code rnd * scale + shift} in the dtype (uniform bounds through float32, as Keras casts them). */
  private static Operand<TNumber> affine(Ops tf, Operand<TNumber> rnd, double scale, double shift, DType dtype,
      boolean viaFloat32) {
    Operand<TNumber> s = Operands.numeric(viaFloat32 ? TfScalars.cast(tf, scale, dtype, "scale")
        : TfScalars.floatConstant(tf, scale, dtype));
    Operand<TNumber> t = Operands.numeric(viaFloat32 ? TfScalars.cast(tf, shift, dtype, "shift")
        : TfScalars.floatConstant(tf, shift, dtype));
    return tf.math.add(tf.math.mul(rnd, s), t);
  }

  private static Operand<? extends TNumber> shapeOf(Ops tf, long[] dims) {
    int[] d = new int[dims.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (int) dims[i];
    }
    return tf.constant(d);
  }
}
