package io.github.kerasinit.random;

import io.github.kerasinit.DType;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.StatelessRandomGetKeyCounter;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Where element {@code i} of a stateless Philox draw comes from, so that any slice of a draw can be drawn by itself.
 *
 * <p>TF's CPU and GPU kernels fill a flat output in groups: group {@code g} is computed from a Philox generator whose
 * 128-bit counter is the op's counter advanced by {@code g * step}. So elements {@code [a, N)} of a draw of N are the
 * first {@code N - a} of a V2 draw ({@code StatelessRandom*V2}, with the key and counter that
 * {@code StatelessRandomGetKeyCounter} makes of Keras' seed) whose counter is advanced by {@code (a / group) * step},
 * when {@code a} starts a group; another start draws from its group's start and drops the first
 * {@code a % group} elements. The sizes (TF's {@code kResultElementCount} per output type, and the counters that
 * truncated normal reserves per group for its rejection sampling, {@code kReservedSamplesPerOutput} = 256 samples of
 * 4 per generator call):
 *
 * <pre>
 *                      group (elements)               step (counter increments per group)
 * uniform, normal      4: f16 bf16 f32 int32          1
 *                      2: f64 int64                   1
 * truncated normal     4: f16 bf16 f32                256
 *                      2: f64                         128
 * </pre>
 *
 * Measured in TF-Java 1.1 for every dtype and both int widths (SliceExactnessTest), as in Python TF 2.21.
 */
public final class PhiloxSlices {
  /** The draw kinds whose positions differ. */
  public enum Kind {
    UNIFORM, NORMAL, TRUNCATED_NORMAL
  }

  private PhiloxSlices() {}

  /** Elements per Philox group for a kind and output dtype. */
  public static int group(DType dtype) {
    return dtype == DType.FLOAT64 || dtype == DType.INT64 ? 2 : 4;
  }

  /** Counter increments per group. */
  public static long step(Kind kind, DType dtype) {
    if (kind != Kind.TRUNCATED_NORMAL) {
      return 1;
    }
    return 256L * group(dtype) / 4;
  }

  /** The first element of the group holding element {@code start}. */
  public static long groupStart(long start, DType dtype) {
    return start - start % group(dtype);
  }

  /** Key and counter of Keras' int32 seed pair, the counter advanced to the group holding {@code start}. */
  public static KeyCounter keyCounter(Ops tf, int[] seed, Kind kind, DType dtype, long start) {
    StatelessRandomGetKeyCounter kc = tf.random.statelessRandomGetKeyCounter(tf.constant(seed));
    long advance = Math.multiplyExact(start / group(dtype), step(kind, dtype));
    return new KeyCounter(kc.key(), advance == 0 ? kc.counter() : advanced(tf, kc.counter(), advance));
  }

  /** A Philox key and counter, uint64 tensors of shapes [1] and [2]. */
  public static final class KeyCounter {
    public final Operand<? extends TType> key;
    public final Operand<? extends TType> counter;

    KeyCounter(Operand<? extends TType> key, Operand<? extends TType> counter) {
      this.key = key;
      this.counter = counter;
    }
  }

  /**
   * {@code counter + advance} as a 128-bit unsigned number (low word first), in ops: TF-Java has no uint64 type class,
   * so the words go through int64 by Bitcast, add with wraparound, and carry when the low word wraps.
   */
  private static Operand<? extends TType> advanced(Ops tf, Operand<? extends TType> counter, long advance) {
    Operand<TInt64> words = tf.bitcast(counter, TInt64.class);
    Operand<TInt64> low = tf.gather(words, tf.constant(0), tf.constant(0));
    Operand<TInt64> high = tf.gather(words, tf.constant(1), tf.constant(0));
    Operand<TInt64> newLow = tf.math.add(low, tf.constant(advance));
    // unsigned newLow < low  <=>  signed (newLow ^ MIN) < (low ^ MIN)
    Operand<TInt64> min = tf.constant(Long.MIN_VALUE);
    Operand<TInt64> carry = tf.dtypes.cast(
        tf.math.less(tf.bitwise.bitwiseXor(newLow, min), tf.bitwise.bitwiseXor(low, min)), TInt64.class);
    Operand<TInt64> newHigh = tf.math.add(high, carry);
    Operand<TInt64> stacked = tf.stack(List.of(newLow, newHigh));
    return tf.scope().opBuilder("Bitcast", "Bitcast")
        .addInput(stacked.asOutput())
        .setAttr("type", DataType.DT_UINT64)
        .build()
        .output(0);
  }
}
