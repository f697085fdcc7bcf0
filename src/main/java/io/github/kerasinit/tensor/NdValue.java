package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * A value a Keras config holds where TensorFlow will see a tensor (Constant's {@code value}, STFT's window): a
 * Python scalar, a nested list, or a {@code __numpy__} array. It knows the dtype TensorFlow gives it
 * ({@code tf.convert_to_tensor(value)} without a dtype, or the numpy dtype) and builds that constant.
 */
public final class NdValue {
  private final Object original; // as the config holds it, for serialization
  private final DType dtype; // TF's inferred dtype (or the numpy dtype, widened to a TF-Java one)
  private final String numpyDtype; // the numpy dtype name, or null for Python values
  private final long[] shape;
  private final double[] floats; // float dtypes
  private final long[] ints; // int dtypes and bool (0/1)

  private NdValue(Object original, DType dtype, String numpyDtype, long[] shape, double[] floats, long[] ints) {
    this.original = original;
    this.dtype = dtype;
    this.numpyDtype = numpyDtype;
    this.shape = shape;
    this.floats = floats;
    this.ints = ints;
  }

  /**
   * A Python scalar or nested list: bools only give bool, ints give int32 (int64 when one does not fit), any float
   * makes it float32. Mixed bools and numbers, strings, ragged lists are refused as TensorFlow refuses them.
   */
  public static NdValue ofPython(Object value, String what) {
    List<Object> flat = new ArrayList<>();
    long[] shape = shapeOf(value, flat, what);
    boolean anyBool = false;
    boolean anyFloat = false;
    boolean anyInt = false;
    boolean needs64 = false;
    for (Object v : flat) {
      if (v instanceof Boolean) {
        anyBool = true;
      } else if (PyValues.isFloat(v)) {
        anyFloat = true;
      } else if (PyValues.isInt(v)) {
        anyInt = true;
        BigInteger b = PyValues.toBigInteger(v);
        if (!PyValues.fitsInt64(b)) {
          throw new KerasInitException(what + ": integer " + b + " does not fit in int64");
        }
        needs64 |= !PyValues.fitsInt32(b);
      } else {
        throw new KerasInitException(what + ": expected numbers or booleans, got " + KerasInitException.describe(v)
            + (v instanceof String ? " (Keras fails when called: Cast string to float is not supported)" : ""));
      }
    }
    if (anyBool && (anyFloat || anyInt)) {
      throw new KerasInitException(what + ": mixes booleans and numbers in " + value
          + " (TensorFlow: Can't convert Python sequence with mixed types to Tensor)");
    }
    DType dtype = anyBool ? DType.BOOL : anyFloat ? DType.FLOAT32 : needs64 ? DType.INT64 : DType.INT32;
    if (flat.isEmpty()) {
      dtype = DType.FLOAT32; // tf.convert_to_tensor([]) is float32
    }
    return fromFlat(value, dtype, null, shape, flat);
  }

  /** A {@code {"class_name": "__numpy__", "config": {"value": [...], "dtype": "..."}}} value. */
  public static NdValue ofNumpy(Map<?, ?> numpy, String what) {
    Object config = numpy.get("config");
    if (!(config instanceof Map)) {
      throw new KerasInitException(what + ": a __numpy__ value needs a \"config\" object with \"value\" and \"dtype\"");
    }
    Object dtypeName = ((Map<?, ?>) config).get("dtype");
    Object value = ((Map<?, ?>) config).get("value");
    if (!(dtypeName instanceof String)) {
      throw new KerasInitException(what + ": a __numpy__ value needs a string \"dtype\", got "
          + KerasInitException.describe(dtypeName));
    }
    String np = (String) dtypeName;
    DType dtype = numpyDType(np, what);
    List<Object> flat = new ArrayList<>();
    long[] shape = shapeOf(value, flat, what);
    for (Object v : flat) {
      boolean ok = dtype == DType.BOOL ? v instanceof Boolean : PyValues.isNumber(v) && !(v instanceof Boolean);
      if (!ok) {
        throw new KerasInitException(what + ": element " + KerasInitException.describe(v) + " is not a " + np);
      }
    }
    // np.array(value, dtype) rounds each element to the dtype (float16 directly, bfloat16 through float32), and
    // Keras serializes the array back from those rounded values.
    if (dtype.isFloating()) {
      flat.replaceAll(v -> FloatConstants.round(PyValues.toDouble(v), dtype));
    }
    Map<String, Object> arrayConfig = new java.util.LinkedHashMap<>();
    arrayConfig.put("value", nest(flat, shape, 0, new int[] {0}));
    arrayConfig.put("dtype", np);
    Map<String, Object> original = new java.util.LinkedHashMap<>();
    original.put("class_name", "__numpy__");
    original.put("config", arrayConfig);
    return fromFlat(original, dtype, np, shape, flat);
  }

  /** The flat values as a nested list of the given shape (numpy's tolist()). */
  private static Object nest(List<Object> flat, long[] shape, int axis, int[] next) {
    if (axis == shape.length) {
      return flat.get(next[0]++);
    }
    List<Object> out = new ArrayList<>();
    for (long i = 0; i < shape[axis]; i++) {
      out.add(nest(flat, shape, axis + 1, next));
    }
    return out;
  }

  private static DType numpyDType(String np, String what) {
    switch (np) {
      case "int8":
      case "int16":
      case "uint32":
        return DType.INT64; // exact in int64; TF casts from it to the same values
      default:
        try {
          return DType.of(np);
        } catch (KerasInitException e) {
          throw new KerasInitException(what + ": __numpy__ dtype " + np + " is not supported: " + e.getMessage());
        }
    }
  }

  private static NdValue fromFlat(Object original, DType dtype, String np, long[] shape, List<Object> flat) {
    int n = flat.size();
    if (dtype.isFloating()) {
      double[] floats = new double[n];
      for (int i = 0; i < n; i++) {
        floats[i] = PyValues.toDouble(flat.get(i));
      }
      return new NdValue(original, dtype, np, shape, floats, null);
    }
    long[] ints = new long[n];
    for (int i = 0; i < n; i++) {
      Object v = flat.get(i);
      ints[i] = v instanceof Boolean ? ((Boolean) v ? 1 : 0) : ((Number) v).longValue();
    }
    return new NdValue(original, dtype, np, shape, null, ints);
  }

  private static long[] shapeOf(Object value, List<Object> flat, String what) {
    if (!(value instanceof List)) {
      if (value == null || value instanceof Map || value instanceof String) {
        throw new KerasInitException(what + ": expected a number, a boolean or a nested list of them, got "
            + KerasInitException.describe(value));
      }
      flat.add(PyValues.normalize(value));
      return new long[0];
    }
    List<?> list = (List<?>) value;
    long[] inner = null;
    for (Object item : list) {
      long[] s = shapeOf(item, flat, what);
      if (inner == null) {
        inner = s;
      } else if (!Arrays.equals(inner, s)) {
        throw new KerasInitException(what + ": ragged nested list " + value
            + " (every row must have the same length)");
      }
    }
    long[] shape = new long[1 + (inner == null ? 0 : inner.length)];
    shape[0] = list.size();
    if (inner != null) {
      System.arraycopy(inner, 0, shape, 1, inner.length);
    }
    return shape;
  }

  public Object original() {
    return original;
  }

  public DType dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  public boolean isScalar() {
    return shape.length == 0;
  }

  public int size() {
    return floats != null ? floats.length : ints.length;
  }

  /** Element i as a double. */
  public double doubleAt(int i) {
    return floats != null ? floats[i] : ints[i];
  }

  /** The constant TensorFlow makes of this value, in its own dtype. */
  public Operand<? extends TType> constant(Ops tf) {
    Shape s = Shape.of(shape);
    switch (dtype) {
      case FLOAT64:
        return tf.constant(s, DataBuffers.of(floats, true, false));
      case FLOAT32:
        return tf.constant(s, DataBuffers.of(toFloats(floats), true, false));
      case FLOAT16:
      case BFLOAT16:
        return FloatConstants.exact(tf, dtype, shape, floats); // already rounded to the dtype
      case INT32:
        return tf.constant(s, DataBuffers.of(Arrays.stream(ints).mapToInt(v -> (int) v).toArray(), true, false));
      case INT64:
        return tf.constant(s, DataBuffers.of(ints, true, false));
      case BOOL: {
        boolean[] b = new boolean[ints.length];
        for (int i = 0; i < b.length; i++) {
          b[i] = ints[i] != 0;
        }
        return tf.constant(s, DataBuffers.of(b, true, false));
      }
      default: // uint8, uint16 numpy arrays: exact in int64
        return tf.dtypes.cast(tf.constant(s, DataBuffers.of(ints, true, false)), dtype.type());
    }
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** The numpy dtype name of a {@code __numpy__} value, or null. */
  public String numpyDtype() {
    return numpyDtype;
  }
}
