package io.github.kerasinit.random;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.random.PhiloxSlices.Kind;
import io.github.kerasinit.random.PhiloxSlices.KeyCounter;
import io.github.kerasinit.tensor.GraphOps;
import io.github.kerasinit.tensor.Operands;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.tensor.Shapes;
import io.github.kerasinit.tensor.TfScalars;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.StatelessRandomGetKeyCounter;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * Keras' {@code keras.random.normal / truncated_normal / uniform} on the TensorFlow backend, op for op, so the
 * bytes equal Python's:
 *
 * <pre>
 * seed32 = int32[floorMod(s, 2^31-2), floorMod(k, 2^31-2)]
 * normal:    AddV2(Mul(StatelessRandomNormal(shape, seed32), stddev), mean)        mean, stddev: convert_to_tensor
 * truncated: AddV2(Mul(StatelessTruncatedNormal(shape, seed32), stddev), mean)     (resamples |x| &gt;= 2)
 * uniform:   AddV2(Mul(StatelessRandomUniform(shape, seed32), Sub(hi, lo)), lo)    lo, hi: tf.cast (via float32)
 * int uniform: StatelessRandomUniformIntV2(shape, key, counter, alg=3, lo, hi)     lo, hi truncated to the int
 * </pre>
 *
 * The V1 ops draw the same Philox stream as the V2 ops TF Python uses with {@code alg="auto_select"} (measured
 * bit-identical in every float dtype), with one op less.
 *
 * <p>The {@code ...Range} forms give the elements {@code [start, end)} of the flattened draw of the same seed, as a
 * 1-D tensor made by its own V2 op at the slice's Philox position ({@link PhiloxSlices}): the same bytes as the whole
 * draw there, without the rest.
 */
public final class StatelessDraws {
  /**
   * The standard deviation of a unit normal truncated to [-2, 2], the constant Keras' VarianceScaling divides by
   * ({@code .87962566103423978}): a truncated draw with stddev {@code s / this} has stddev {@code s}.
   */
  public static final double TRUNCATED_UNIT_STDDEV = 0.87962566103423978;

  /** TF's {@code Algorithm.AUTO_SELECT}: Philox on CPU and GPU. */
  private static final int ALG_AUTO_SELECT = 3;

  private StatelessDraws() {}

  public static Operand<? extends TType> normal(Ops tf, Shape shape, int[] seed, Object mean, Object stddev,
      DType dtype, String owner) {
    requireFloat(dtype, owner, "normal");
    Operand<? extends TType> m = TfScalars.convertToTensor(tf, mean, dtype, owner + " `mean`");
    Operand<? extends TType> s = TfScalars.convertToTensor(tf, stddev, dtype, owner + " `stddev`");
    Operand<TNumber> rnd =
        tf.random.statelessRandomNormal(Shapes.operand(tf, shape), tf.constant(seed), Operands.numberType(dtype));
    return tf.math.add(tf.math.mul(rnd, Operands.numeric(s)), Operands.numeric(m));
  }

  public static Operand<? extends TType> truncatedNormal(Ops tf, Shape shape, int[] seed, Object mean,
      Object stddev, DType dtype, String owner) {
    requireFloat(dtype, owner, "truncated normal");
    Operand<? extends TType> m = TfScalars.convertToTensor(tf, mean, dtype, owner + " `mean`");
    Operand<? extends TType> s = TfScalars.convertToTensor(tf, stddev, dtype, owner + " `stddev`");
    Operand<TNumber> rnd =
        tf.random.statelessTruncatedNormal(Shapes.operand(tf, shape), tf.constant(seed), Operands.numberType(dtype));
    return tf.math.add(tf.math.mul(rnd, Operands.numeric(s)), Operands.numeric(m));
  }

  public static Operand<? extends TType> uniform(Ops tf, Shape shape, int[] seed, Object minval, Object maxval,
      DType dtype, String owner) {
    if (dtype.isFloating()) {
      Operand<TNumber> lo = Operands.numeric(TfScalars.cast(tf, minval, dtype, owner + " `minval`"));
      Operand<TNumber> hi = Operands.numeric(TfScalars.cast(tf, maxval, dtype, owner + " `maxval`"));
      Operand<TNumber> rnd = Operands.numeric(
          tf.random.statelessRandomUniform(Shapes.operand(tf, shape), tf.constant(seed), Operands.numberType(dtype)));
      return tf.math.add(tf.math.mul(rnd, range(tf, lo, hi)), lo);
    }
    if (dtype == DType.INT32 || dtype == DType.INT64) {
      return uniformInt(tf, shape, seed, minval, maxval, dtype, owner);
    }
    throw new KerasInitException(owner + ": dtype " + dtype + " is not supported for uniform draws; allowed:"
        + " float16, bfloat16, float32, float64, int32, int64 (Keras raises ValueError: Argument `dtype` got invalid"
        + " value)");
  }

  /** Elements {@code [start, end)} of {@link #normal}'s flattened value for the same seed. */
  public static Operand<? extends TType> normalRange(Ops tf, long start, long end, int[] seed, Object mean,
      Object stddev, DType dtype, String owner) {
    requireFloat(dtype, owner, "normal");
    Operand<? extends TType> m = TfScalars.convertToTensor(tf, mean, dtype, owner + " `mean`");
    Operand<? extends TType> s = TfScalars.convertToTensor(tf, stddev, dtype, owner + " `stddev`");
    Operand<TNumber> rnd = rangeDraw(tf, Kind.NORMAL, start, end, seed, dtype, null, null);
    return tf.math.add(tf.math.mul(rnd, Operands.numeric(s)), Operands.numeric(m));
  }

  /** Elements {@code [start, end)} of {@link #truncatedNormal}'s flattened value for the same seed. */
  public static Operand<? extends TType> truncatedNormalRange(Ops tf, long start, long end, int[] seed, Object mean,
      Object stddev, DType dtype, String owner) {
    requireFloat(dtype, owner, "truncated normal");
    Operand<? extends TType> m = TfScalars.convertToTensor(tf, mean, dtype, owner + " `mean`");
    Operand<? extends TType> s = TfScalars.convertToTensor(tf, stddev, dtype, owner + " `stddev`");
    Operand<TNumber> rnd = rangeDraw(tf, Kind.TRUNCATED_NORMAL, start, end, seed, dtype, null, null);
    return tf.math.add(tf.math.mul(rnd, Operands.numeric(s)), Operands.numeric(m));
  }

  /** Elements {@code [start, end)} of {@link #uniform}'s flattened value for the same seed. */
  public static Operand<? extends TType> uniformRange(Ops tf, long start, long end, int[] seed, Object minval,
      Object maxval, DType dtype, String owner) {
    if (dtype.isFloating()) {
      Operand<TNumber> lo = Operands.numeric(TfScalars.cast(tf, minval, dtype, owner + " `minval`"));
      Operand<TNumber> hi = Operands.numeric(TfScalars.cast(tf, maxval, dtype, owner + " `maxval`"));
      Operand<TNumber> rnd = rangeDraw(tf, Kind.UNIFORM, start, end, seed, dtype, null, null);
      return tf.math.add(tf.math.mul(rnd, range(tf, lo, hi)), lo);
    }
    if (dtype == DType.INT32 || dtype == DType.INT64) {
      checkIntBounds(minval, maxval, dtype, owner);
      Operand<TNumber> lo = Operands.numeric(TfScalars.cast(tf, minval, dtype, owner + " `minval`"));
      Operand<TNumber> hi = Operands.numeric(TfScalars.cast(tf, maxval, dtype, owner + " `maxval`"));
      return rangeDraw(tf, Kind.UNIFORM, start, end, seed, dtype, lo, hi);
    }
    return uniform(tf, Shape.of(end - start), seed, minval, maxval, dtype, owner); // fails with the dtype message
  }

  /** {@code maxval - minval}, one node per pair of bounds in a {@link GraphOps#createSharing} graph. */
  private static Operand<TNumber> range(Ops tf, Operand<TNumber> lo, Operand<TNumber> hi) {
    return GraphOps.shared(tf, List.of("sub", hi, lo), () -> tf.math.sub(hi, lo));
  }

  /** The raw V2 draw from the group holding {@code start}, trimmed to {@code [start, end)}. */
  private static Operand<TNumber> rangeDraw(Ops tf, Kind kind, long start, long end, int[] seed, DType dtype,
      Operand<TNumber> intLo, Operand<TNumber> intHi) {
    long from = PhiloxSlices.groupStart(start, dtype);
    KeyCounter kc = PhiloxSlices.keyCounter(tf, seed, kind, dtype, start);
    Operand<TInt64> shape = tf.constant(new long[] {end - from});
    Operand<TInt32> alg = tf.constant(ALG_AUTO_SELECT);
    Class<TNumber> type = Operands.numberType(dtype);
    Operand<TNumber> raw;
    if (intLo != null) {
      raw = tf.random.statelessRandomUniformIntV2(shape, kc.key, kc.counter, alg, intLo, intHi);
    } else if (kind == Kind.NORMAL) {
      raw = tf.random.statelessRandomNormalV2(shape, kc.key, kc.counter, alg, type);
    } else if (kind == Kind.TRUNCATED_NORMAL) {
      raw = tf.random.statelessTruncatedNormalV2(shape, kc.key, kc.counter, alg, type);
    } else {
      raw = tf.random.statelessRandomUniformV2(shape, kc.key, kc.counter, alg, type);
    }
    if (from == start) {
      return raw;
    }
    return tf.slice(raw, tf.constant(new long[] {start - from}), tf.constant(new long[] {end - start}));
  }

  private static Operand<? extends TType> uniformInt(Ops tf, Shape shape, int[] seed, Object minval, Object maxval,
      DType dtype, String owner) {
    checkIntBounds(minval, maxval, dtype, owner);
    Operand<TNumber> loOp = Operands.numeric(TfScalars.cast(tf, minval, dtype, owner + " `minval`"));
    Operand<TNumber> hiOp = Operands.numeric(TfScalars.cast(tf, maxval, dtype, owner + " `maxval`"));
    StatelessRandomGetKeyCounter keyCounter = tf.random.statelessRandomGetKeyCounter(tf.constant(seed));
    Operand<TInt32> alg = tf.constant(ALG_AUTO_SELECT);
    return tf.random.statelessRandomUniformIntV2(Shapes.operand(tf, shape), keyCounter.key(), keyCounter.counter(),
        alg, loOp, hiOp);
  }

  private static void checkIntBounds(Object minval, Object maxval, DType dtype, String owner) {
    long lo = truncatedBound(minval, dtype, owner, "minval");
    long hi = truncatedBound(maxval, dtype, owner, "maxval");
    if (lo >= hi) {
      throw new KerasInitException(owner + ": integer draws need minval < maxval after Keras truncates the bounds"
          + " to " + dtype + "; got minval " + minval + " -> " + lo + " and maxval " + maxval + " -> " + hi
          + " (TF: Need minval < maxval)");
    }
  }

  /** What {@code tf.cast(bound, int)} gives: a float bound goes to float32, then truncates toward zero. */
  private static long truncatedBound(Object bound, DType dtype, String owner, String key) {
    if (bound instanceof Double || bound instanceof Float) {
      float f = (float) ((Number) bound).doubleValue();
      if (Float.isNaN(f) || Float.isInfinite(f)) {
        throw new KerasInitException(owner + ": `" + key + "` = " + bound + " has no " + dtype + " value");
      }
      return (long) f;
    }
    if (bound instanceof Number) {
      return PyValues.toLongExact(bound, owner + ": `" + key + "`");
    }
    throw new KerasInitException(owner + ": `" + key + "` must be a number, got " + KerasInitException.describe(bound));
  }

  private static void requireFloat(DType dtype, String owner, String what) {
    if (!dtype.isFloating()) {
      throw new KerasInitException(owner + ": dtype " + dtype + " is not supported for " + what + " draws; allowed:"
          + " float16, bfloat16, float32, float64 (Keras raises TypeError: Cannot convert 0.0 to EagerTensor of"
          + " dtype " + dtype + ")");
    }
  }
}
