package io.github.kerasinit.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Symbolic shapes as Keras sees them: {@code long[]} with {@link #UNKNOWN} (Python's None) for unknown dims. */
public final class Dims {
  public static final long UNKNOWN = -1;

  private Dims() {}

  public static String format(long[] shape) {
    return "(" + Arrays.stream(shape).mapToObj(d -> d == UNKNOWN ? "None" : Long.toString(d))
        .collect(Collectors.joining(", ")) + (shape.length == 1 ? ",)" : ")");
  }

  public static long[] withoutBatch(long[] shape) {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  public static long[] concat(long[] a, long... b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static boolean isKnown(long d) {
    return d != UNKNOWN;
  }

  /** Product of dims, or UNKNOWN if one is unknown. */
  public static long product(long[] dims, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      if (dims[i] == UNKNOWN) {
        return UNKNOWN;
      }
      p *= dims[i];
    }
    return p;
  }

  /** A negative axis counted from the end, as Python indexes. */
  public static int axis(int axis, int rank) {
    return axis < 0 ? axis + rank : axis;
  }
}
