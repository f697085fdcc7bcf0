package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import java.util.Arrays;

/** One tensor of a weights file: its key (a Keras weight path), dtype and shape. */
public record WeightEntry(String key, DType dtype, long[] shape) implements java.io.Serializable {
  public WeightEntry {
    shape = shape.clone();
  }

  /** Its data's byte count; a shape of more than 2^63 - 1 bytes is refused, naming the weight. */
  public long bytes() {
    long n = dtype.byteSize();
    for (long d : shape) {
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new KerasInitException("weight " + key + ": shape " + Arrays.toString(shape) + " of " + dtype
            + " has more than 2^63 - 1 bytes, more than any file or memory can hold");
      }
    }
    return n;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
