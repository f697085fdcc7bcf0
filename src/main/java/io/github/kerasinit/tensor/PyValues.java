package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Python scalars as keras-init keeps them: a Python {@code int} is a {@link Long} or a {@link BigInteger}, a
 * Python {@code float} a {@link Double}, a Python {@code bool} a {@link Boolean}. Keras treats {@code 1} and
 * {@code 1.0} differently (TensorFlow infers int32 for one and float32 for the other, and serialization writes
 * them back as given), so the distinction is kept rather than widened to double.
 */
public final class PyValues {
  private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  /** The strings Python's {@code int()} reads in base 10 (ASCII digits). */
  private static final Pattern PYTHON_INT_LITERAL = Pattern.compile("\\s*[+-]?[0-9]+(_[0-9]+)*\\s*");

  private PyValues() {}

  public static boolean isInt(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger;
  }

  public static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
  }

  /** A Python number: int or float. Booleans are Python ints too, but configs that mean a number never use them. */
  public static boolean isNumber(Object v) {
    return isInt(v) || isFloat(v);
  }

  /** Canonical form: ints as Long when they fit, else BigInteger; floats as Double. */
  public static Object normalize(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    return v;
  }

  public static BigInteger toBigInteger(Object pythonInt) {
    if (pythonInt instanceof BigInteger) {
      return (BigInteger) pythonInt;
    }
    return BigInteger.valueOf(((Number) pythonInt).longValue());
  }

  /**
   * A Python int as a Java long, {@code what} naming it in the error: an int past 64 bits is refused, where Java's
   * {@code longValue()} would wrap it to a small or negative number without a word.
   */
  public static long toLongExact(Object pythonInt, String what) {
    if (pythonInt instanceof BigInteger b && !fitsInt64(b)) {
      throw new KerasInitException(what + " = " + b + " does not fit a 64-bit integer (-2^63 to 2^63 - 1)");
    }
    return ((Number) pythonInt).longValue();
  }

  /**
   * Python's {@code int(v)} of a config value, as Keras applies it to BatchNormalization's {@code axis}: an int; a
   * bool (0 or 1); a float truncated toward zero (2.7 is 2); a string of an int's digits, with a sign, underscores
   * between digits and spaces around (" -1 "). Anything {@code int()} raises on (null, a list, "2.0", inf) is refused,
   * naming {@code what}.
   */
  public static long pythonInt(Object v, String what) {
    if (v instanceof Boolean) {
      return (Boolean) v ? 1 : 0;
    }
    if (isInt(v)) {
      return toLongExact(v, what);
    }
    if (isFloat(v)) {
      double d = toDouble(v);
      if (!Double.isFinite(d) || Math.abs(d) >= 0x1p63) {
        throw new KerasInitException(what + " = " + KerasInitException.describe(v) + ": Python's int() cannot make"
            + " a 64-bit integer of it");
      }
      return (long) d; // Java's cast truncates toward zero, as int() does
    }
    if (v instanceof String && PYTHON_INT_LITERAL.matcher((String) v).matches()) {
      return toLongExact(new BigInteger(((String) v).strip().replace("_", "")), what);
    }
    throw new KerasInitException(what + " = " + KerasInitException.describe(v) + "; Keras requires an int (Python's"
        + " int() reads floats and digit strings too)");
  }

  /** Python's float(x) for an int or float: ints round to nearest even, as CPython does. */
  public static double toDouble(Object number) {
    if (number instanceof BigInteger) {
      return ((BigInteger) number).doubleValue(); // correctly rounded since Java 8
    }
    if (number instanceof Long) {
      return (double) (Long) number;
    }
    return ((Number) number).doubleValue();
  }

  public static boolean fitsInt32(BigInteger v) {
    return v.compareTo(INT32_MIN) >= 0 && v.compareTo(INT32_MAX) <= 0;
  }

  public static boolean fitsInt64(BigInteger v) {
    return v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0;
  }

  /**
   * The dtype TensorFlow infers for a Python scalar ({@code tf.convert_to_tensor(x)} without a dtype): bool, int32
   * (int64 when it does not fit), float32.
   */
  public static DType inferredDType(Object scalar) {
    if (scalar instanceof Boolean) {
      return DType.BOOL;
    }
    if (isInt(scalar)) {
      BigInteger b = toBigInteger(scalar);
      if (fitsInt32(b)) {
        return DType.INT32;
      }
      if (fitsInt64(b)) {
        return DType.INT64;
      }
      throw new KerasInitException("integer " + b + " does not fit in int64 (TensorFlow cannot convert it)");
    }
    if (isFloat(scalar)) {
      return DType.FLOAT32;
    }
    throw new KerasInitException("expected a number or a boolean, got " + KerasInitException.describe(scalar));
  }

}
