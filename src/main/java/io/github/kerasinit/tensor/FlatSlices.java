package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * Geometry of slices of a row-major tensor: flat ranges, leading-axis boxes as runs of flat ranges, and the checks
 * that name the user's numbers. The whole tensor may exceed memory; only a slice's own size is limited.
 */
public final class FlatSlices {
  private FlatSlices() {}

  /** The element count of a shape with known non-negative dims, refusing more than 2^63 - 1 elements. */
  public static long elements(Shape shape) {
    long n = 1;
    for (long d : shape.asArray()) {
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new KerasInitException("shape " + Arrays.toString(shape.asArray()) + " has more than 2^63 elements");
      }
    }
    return n;
  }

  /** Checks {@code 0 <= start <= end <= elements(shape)} and that the slice fits the per-tensor byte limit. */
  public static void checkRange(Shape shape, DType dtype, long start, long end) {
    long n = elements(shape);
    if (start < 0 || start > end || end > n) {
      throw new KerasInitException("slice [" + start + ", " + end + ") of shape " + Arrays.toString(shape.asArray())
          + ": allowed 0 <= start <= end <= " + n + " (the flattened element count)");
    }
    Shapes.validate(Shape.of(end - start), dtype);
  }

  /**
   * The flat ranges {@code {start, end}} that make up {@code whole[begin[0]:end[0], ..., begin[k-1]:end[k-1]]}, in
   * order; one range when only the first axis is boxed.
   */
  public static List<long[]> boxRuns(Shape shape, long[] begin, long[] end) {
    long[] dims = shape.asArray();
    int k = begin.length;
    if (k == 0 || k != end.length || k > dims.length) {
      throw new KerasInitException("box " + Arrays.toString(begin) + ".." + Arrays.toString(end) + " of shape "
          + Arrays.toString(dims) + ": begin and end need the same length, from 1 to the rank " + dims.length);
    }
    for (int i = 0; i < k; i++) {
      if (begin[i] < 0 || begin[i] > end[i] || end[i] > dims[i]) {
        throw new KerasInitException("box " + Arrays.toString(begin) + ".." + Arrays.toString(end) + " of shape "
            + Arrays.toString(dims) + ": axis " + i + " allows 0 <= begin <= end <= " + dims[i]);
      }
    }
    long[] strides = new long[dims.length];
    long stride = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride = Math.multiplyExact(stride, dims[i]);
    }
    List<long[]> runs = new ArrayList<>();
    long[] index = begin.clone();
    for (int i = 0; i < k; i++) {
      if (begin[i] == end[i]) {
        return runs;
      }
    }
    while (true) {
      long offset = 0;
      for (int i = 0; i < k - 1; i++) {
        offset += index[i] * strides[i];
      }
      runs.add(new long[] {offset + begin[k - 1] * strides[k - 1], offset + end[k - 1] * strides[k - 1]});
      int axis = k - 2;
      while (axis >= 0 && ++index[axis] == end[axis]) {
        index[axis] = begin[axis];
        axis--;
      }
      if (axis < 0) {
        return runs;
      }
    }
  }

  /** The shape of a box: {@code [end[i] - begin[i]...] + shape[k:]}. */
  public static Shape boxShape(Shape shape, long[] begin, long[] end) {
    long[] dims = shape.asArray().clone();
    for (int i = 0; i < begin.length; i++) {
      dims[i] = end[i] - begin[i];
    }
    return Shape.of(dims);
  }
}
