package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.NdValue;
import io.github.kerasinit.tensor.Operands;
import io.github.kerasinit.tensor.Shapes;
import io.github.kerasinit.tensor.TfScalars;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.Constant(value=0.0)}: {@code cast(value, dtype) * ones(shape, dtype)}. Alias
 * {@code constant}.
 *
 * <p>{@code value} is a Python scalar, a nested list or a {@code __numpy__} array. Keras casts it with
 * {@code tf.cast}: a Python float becomes float32 first (so {@code 2.7} in float64 is {@code 2.700000047683716}),
 * an int truncates toward zero, bool is "non-zero". A non-scalar value broadcasts against the shape, and, as in
 * Keras, the result takes the broadcast shape, which can differ from the one asked for.
 */
public final class Constant extends AbstractInitializer {
  /** Keras' default {@code value}. */
  public static final double DEFAULT_VALUE = 0.0;

  private final NdValue value;

  public Constant() {
    this(DEFAULT_VALUE);
  }

  /** From a Keras config: {@code value}, a scalar, a nested list or a {@code __numpy__} dict. */
  public static Constant fromConfig(InitializerConfig config) {
    Object value = config.raw("value", DEFAULT_VALUE);
    config.finish();
    return new Constant(value);
  }

  /** A Python scalar (Long, Double, Boolean) or a nested {@code List} of them. */
  public Constant(Object value) {
    this(decode(value));
  }

  public Constant(NdValue value) {
    this.value = value;
  }

  private static NdValue decode(Object value) {
    if (value instanceof NdValue) {
      return (NdValue) value;
    }
    if (value instanceof Map && "__numpy__".equals(((Map<?, ?>) value).get("class_name"))) {
      return NdValue.ofNumpy((Map<?, ?>) value, "Constant `value`");
    }
    return NdValue.ofPython(value, "Constant `value`");
  }

  @Override
  public String className() {
    return "Constant";
  }

  public NdValue value() {
    return value;
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    broadcastShape(value.shape(), shape.asArray());
    Operand<TType> v = Operands.typed(TfScalars.castIfNeeded(tf, value.constant(tf), dtype));
    Operand<TType> ones = Operands.typed(tf.fill(Shapes.operand(tf, shape), TfScalars.intConstant(tf, 1, dtype)));
    return Multiply.elementwise(tf, v, ones, dtype);
  }

  /** Keras' result takes the broadcast shape of the value and the requested shape. */
  @Override
  public Shape resultShape(Shape shape) {
    return Shape.of(broadcastShape(value.shape(), shape.asArray()));
  }

  @Override
  public boolean slicesSupported() {
    return true;
  }

  /**
   * {@code value[index of i] * 1} for each flat index {@code i} of the slice: the value's element that broadcasting
   * puts at {@code i} (found with integer ops over the broadcast shape's strides), times ones, as {@link #build}.
   */
  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    long[] out = broadcastShape(value.shape(), shape.asArray());
    long[] vdims = value.shape();
    Operand<TType> v = Operands.typed(TfScalars.castIfNeeded(tf, value.constant(tf), dtype));
    Operand<TType> ones = Operands.typed(tf.fill(tf.constant(new long[] {end - start}),
        TfScalars.intConstant(tf, 1, dtype)));
    if (value.size() == 1) {
      return Multiply.elementwise(tf, tf.reshape(v, tf.constant(new long[0])), ones, dtype);
    }
    Operand<TInt64> flat = tf.range(tf.constant(start), tf.constant(end), tf.constant(1L));
    Operand<TInt64> valueIndex = tf.zerosLike(flat);
    long valueStride = 1;
    for (int axis = out.length - 1; axis >= 0; axis--) {
      int vAxis = axis - (out.length - vdims.length);
      long vdim = vAxis >= 0 ? vdims[vAxis] : 1;
      if (vdim != 1) {
        Operand<TInt64> coord = tf.math.floorMod(flat, tf.constant(out[axis]));
        valueIndex = tf.math.add(valueIndex, tf.math.mul(coord, tf.constant(valueStride)));
      }
      valueStride *= vdim;
      if (out[axis] != 0) {
        flat = tf.math.floorDiv(flat, tf.constant(out[axis]));
      }
    }
    Operand<TType> picked = tf.gather(tf.reshape(v, tf.constant(new long[] {-1})), valueIndex, tf.constant(0));
    return Multiply.elementwise(tf, picked, ones, dtype);
  }

  /** Numpy broadcasting, checked here so the error names the value instead of TF's Mul. */
  static long[] broadcastShape(long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new KerasInitException("Constant: a value of shape " + Arrays.toString(a)
            + " does not broadcast to the shape " + Arrays.toString(b)
            + " (Keras: Incompatible shapes); allowed: a scalar or a value that broadcasts");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    config.put("value", value.original());
  }
}
