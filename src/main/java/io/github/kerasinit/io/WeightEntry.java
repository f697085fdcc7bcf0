package io.github.kerasinit.io;

import io.github.kerasinit.DType;

/** One tensor of a weights file: its key (a Keras weight path), dtype and shape. */
public record WeightEntry(String key, DType dtype, long[] shape) implements java.io.Serializable {
  public WeightEntry {
    shape = shape.clone();
  }

  /** Its data's byte count. */
  public long bytes() {
    long n = dtype.byteSize();
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
