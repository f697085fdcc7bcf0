package io.github.kerasinit.model.core;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.PyValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Symbolic shapes as Keras sees them: {@code long[]} with {@link #UNKNOWN} (Python's None) for unknown dims. */
public final class Dims {
  public static final long UNKNOWN = -1;

  private Dims() {}

  public static String format(long[] shape) {
    return "(" + Arrays.stream(shape).mapToObj(d -> d == UNKNOWN ? "None" : Long.toString(d))
        .collect(Collectors.joining(", ")) + (shape.length == 1 ? ",)" : ")");
  }

  public static long[] concat(long[] a, long... b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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

  /**
   * A negative axis counted from the end, as Python indexes; one outside {@code [-rank, rank)} is refused (the layer
   * that asked names itself and its config), never wrapped to another axis.
   */
  public static int axis(long axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw new IndexOutOfBoundsException("axis " + axis + " of a rank-" + rank + " shape");
    }
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /**
   * The dims of {@code shape} on {@code axes}, the axes sorted as given (as Keras sorts them: -1 before 1), a
   * per-feature weight's shape (LayerNormalization, RMSNormalization).
   */
  public static long[] onAxes(long[] shape, List<Long> axes) {
    return axes.stream().sorted().mapToLong(a -> shape[axis(a, shape.length)]).toArray();
  }

  /** One shape [null, 3] or several [[null, 3], [null, 4]]. */
  public static List<long[]> parseShapes(Object value) {
    if (value instanceof List && !((List<?>) value).isEmpty() && ((List<?>) value).get(0) instanceof List) {
      List<long[]> out = new ArrayList<>();
      for (Object s : (List<?>) value) {
        out.add(parseShape(s));
      }
      return out;
    }
    return List.of(parseShape(value));
  }

  public static long[] parseShape(Object value) {
    if (!(value instanceof List)) {
      throw new KerasInitException("expected a shape such as [null, 28, 28, 1], got " + value);
    }
    List<?> list = (List<?>) value;
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object d = list.get(i);
      if (d == null) {
        out[i] = UNKNOWN;
      } else if (d instanceof Number) {
        out[i] = PyValues.toLongExact(d, "shape " + value + ": dimension");
      } else {
        throw new KerasInitException("expected a shape such as [null, 28, 28, 1], got " + value);
      }
    }
    return out;
  }

  /**
   * numpy's broadcast of several shapes (an unknown dim takes a known one beside it); null when they do not
   * broadcast.
   */
  public static long[] broadcast(List<long[]> shapes) {
    int rank = shapes.stream().mapToInt(s -> s.length).max().orElse(0);
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    for (long[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int j = i + rank - s.length;
        long d = s[i];
        if (d == UNKNOWN || out[j] == UNKNOWN) {
          out[j] = d == 1 ? out[j] : out[j] == 1 ? d : d == UNKNOWN ? out[j] : d; // a known size wins, as in Keras
        } else if (out[j] == 1) {
          out[j] = d;
        } else if (d != 1 && d != out[j]) {
          return null;
        }
      }
    }
    return out;
  }
}
