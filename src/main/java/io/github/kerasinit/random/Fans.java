package io.github.kerasinit.random;

import io.github.kerasinit.KerasInitException;
import java.util.Arrays;
import java.util.List;

/**
 * Keras' {@code compute_fans(shape, input_axes, output_axes)}.
 *
 * <p>Custom axes count only when both are given: {@code fan_in} is the product of the input axes' dims (negative
 * axes count from the end). Otherwise: rank 0 gives (1, 1); rank 1 {@code (n,)} gives (n, n); rank 2 {@code (a, b)}
 * gives (a, b); higher ranks are convolution kernels {@code (..., in, out)} with receptive field
 * {@code prod(shape[:-2])}: (in * rf, out * rf). Zero-size dims give zero fans; VarianceScaling uses
 * {@code max(1.0, fan)}.
 */
public final class Fans {
  public final long fanIn;
  public final long fanOut;

  private Fans(long fanIn, long fanOut) {
    this.fanIn = fanIn;
    this.fanOut = fanOut;
  }

  public static Fans of(long[] shape, List<Integer> inputAxes, List<Integer> outputAxes) {
    if (inputAxes != null && outputAxes != null) {
      return new Fans(product(shape, inputAxes), product(shape, outputAxes));
    }
    int rank = shape.length;
    if (rank < 1) {
      return new Fans(1, 1);
    }
    if (rank == 1) {
      return new Fans(shape[0], shape[0]);
    }
    if (rank == 2) {
      return new Fans(shape[0], shape[1]);
    }
    long receptiveField = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptiveField = Math.multiplyExact(receptiveField, shape[i]);
    }
    return new Fans(Math.multiplyExact(shape[rank - 2], receptiveField),
        Math.multiplyExact(shape[rank - 1], receptiveField));
  }

  private static long product(long[] shape, List<Integer> axes) {
    long p = 1;
    for (int axis : axes) {
      int a = axis < 0 ? axis + shape.length : axis;
      if (a < 0 || a >= shape.length) {
        throw new KerasInitException("fan axis " + axis + " is out of range for shape " + Arrays.toString(shape)
            + " of rank " + shape.length + "; allowed: " + (-shape.length) + " to " + (shape.length - 1));
      }
      p = Math.multiplyExact(p, shape[a]);
    }
    return p;
  }

  @Override
  public String toString() {
    return "(fan_in=" + fanIn + ", fan_out=" + fanOut + ")";
  }
}
