package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.text.PythonText;
import java.math.BigInteger;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Python scalars turned into TF constants exactly as TensorFlow Python does it, because Keras' recipes pass
 * Python numbers into TF ops and the rounding path decides the bits:
 *
 * <ul>
 *   <li>{@link #convertToTensor}: {@code tf.convert_to_tensor(x, dtype=d)}: a float goes to float32 first for
 *       float16 and bfloat16 (double rounding), straight to float64; an int or a bool may not become a float or int
 *       of another kind when TF refuses it (a float never becomes an int).
 *   <li>{@link #cast}: {@code tf.cast(x, d)}: the constant takes TF's inferred dtype (float32 for a float, int32 or
 *       int64 for an int, bool) and a {@code Cast} op converts it, so a float64 bound is a float32-rounded value.
 * </ul>
 */
public final class TfScalars {
  private TfScalars() {}

  /**
   * {@code tf.convert_to_tensor(value, dtype)} for a Python scalar; one node per value and dtype in a {@link
   * GraphOps#createSharing} graph.
   */
  public static Operand<? extends TType> convertToTensor(Ops tf, Object value, DType dtype, String what) {
    Object v = PyValues.normalize(value);
    return GraphOps.shared(tf, key("convert_to_tensor", v, dtype), () -> convertToTensor(tf, v, value, dtype, what));
  }

  private static Operand<? extends TType> convertToTensor(Ops tf, Object v, Object value, DType dtype, String what) {
    if (v instanceof Boolean) {
      if (dtype == DType.BOOL) {
        return tf.constant((Boolean) v);
      }
      throw cannotConvert(v, dtype, what);
    }
    if (PyValues.isFloat(v)) {
      if (!dtype.isFloating()) {
        throw cannotConvert(v, dtype, what);
      }
      return floatConstant(tf, (Double) v, dtype);
    }
    if (PyValues.isInt(v)) {
      BigInteger b = PyValues.toBigInteger(v);
      if (dtype.isFloating()) {
        return floatConstant(tf, b.doubleValue(), dtype);
      }
      if (dtype == DType.BOOL || !fits(b, dtype)) {
        throw cannotConvert(v, dtype, what);
      }
      return intConstant(tf, b.longValue(), dtype);
    }
    throw new KerasInitException(what + ": expected a number, got " + KerasInitException.describe(value));
  }

  /**
   * {@code tf.cast(value, dtype)} for a Python scalar: a constant of TF's inferred dtype, then {@code Cast}; one
   * node per value and dtype in a {@link GraphOps#createSharing} graph.
   */
  public static Operand<? extends TType> cast(Ops tf, Object value, DType dtype, String what) {
    Object v = PyValues.normalize(value);
    return GraphOps.shared(tf, key("cast", v, dtype), () -> cast(tf, v, value, dtype, what));
  }

  private static Operand<? extends TType> cast(Ops tf, Object v, Object value, DType dtype, String what) {
    if (!(v instanceof Boolean) && !PyValues.isNumber(v)) {
      throw new KerasInitException(what + ": expected a number, got " + KerasInitException.describe(value));
    }
    DType inferred;
    try {
      inferred = PyValues.inferredDType(v);
    } catch (KerasInitException e) {
      throw new KerasInitException(what + ": " + e.getMessage());
    }
    Operand<? extends TType> constant;
    switch (inferred) {
      case BOOL:
        constant = tf.constant((Boolean) v);
        break;
      case INT32:
        constant = tf.constant(((Number) v).intValue());
        break;
      case INT64:
        constant = tf.constant(((Number) v).longValue());
        break;
      default:
        constant = tf.constant((float) (double) (Double) v);
    }
    return castIfNeeded(tf, constant, dtype);
  }

  /**
   * A shared node's key: the op, the normalized value and its class (1 and 1.0 differ) and the dtype. The value as
   * itself: its equals is by value (a Double's by bits, so 0.0 and -0.0 differ); its text (Double.toString) was most
   * of the cost of a key.
   */
  private static List<Object> key(String op, Object v, DType dtype) {
    return v == null ? List.of(op, "None", dtype) : List.of(op, v, v.getClass(), dtype);
  }

  /** {@code tf.cast}: no op when the dtype already matches, as in TF Python. */
  public static Operand<? extends TType> castIfNeeded(Ops tf, Operand<? extends TType> x, DType dtype) {
    if (DType.of(x.type()) == dtype) {
      return x;
    }
    return tf.dtypes.cast(x, dtype.type());
  }

  /** A float constant of a floating dtype; float16 and bfloat16 are rounded through float32 by a TF Cast. */
  public static Operand<? extends TType> floatConstant(Ops tf, double v, DType dtype) {
    switch (dtype) {
      case FLOAT64:
        return tf.constant(v);
      case FLOAT32:
        return tf.constant((float) v);
      case FLOAT16:
      case BFLOAT16:
        // Cast rounds to nearest even; TBfloat16.scalarOf would truncate.
        return tf.dtypes.cast(tf.constant((float) v), dtype.type());
      default:
        throw new IllegalArgumentException(dtype + " is not a float dtype");
    }
  }

  /** An integer constant of an integer dtype; the value must fit. */
  public static Operand<? extends TType> intConstant(Ops tf, long v, DType dtype) {
    switch (dtype) {
      case INT32:
        return tf.constant((int) v);
      case INT64:
        return tf.constant(v);
      case UINT8:
      case UINT16:
        return tf.dtypes.cast(tf.constant((int) v), dtype.type());
      case BOOL:
        return tf.constant(v != 0);
      default:
        return floatConstant(tf, v, dtype);
    }
  }

  private static boolean fits(BigInteger b, DType dtype) {
    switch (dtype) {
      case INT32:
        return PyValues.fitsInt32(b);
      case INT64:
        return PyValues.fitsInt64(b);
      case UINT8:
        return b.signum() >= 0 && b.bitLength() <= 8;
      case UINT16:
        return b.signum() >= 0 && b.bitLength() <= 16;
      default:
        return false;
    }
  }

  private static KerasInitException cannotConvert(Object v, DType dtype, String what) {
    return new KerasInitException(what + ": cannot convert " + PythonText.repr(v) + " to a tensor of dtype " + dtype
        + (dtype.isFloating() ? "" : " (Keras raises TypeError: Cannot convert " + PythonText.repr(v)
            + " to EagerTensor of dtype " + dtype + "); use a float dtype"));
  }
}
