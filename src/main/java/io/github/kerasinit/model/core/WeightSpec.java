package io.github.kerasinit.model.core;

import io.github.kerasinit.DType;

/** One weight as Keras' {@code model.weights} lists it: path, shape, dtype, trainable, and how its value is made. */
public final class WeightSpec {
  private final String path;
  private final long[] shape;
  private final DType dtype;
  private final boolean trainable;
  private final WeightInit init;

  public WeightSpec(String path, long[] shape, DType dtype, boolean trainable, WeightInit init) {
    this.path = path;
    this.shape = shape.clone();
    this.dtype = dtype;
    this.trainable = trainable;
    this.init = init;
  }

  /** Keras' {@code variable.path}, e.g. {@code "dense/kernel"} or {@code "forward_lstm/lstm_cell/bias"}. */
  public String path() {
    return path;
  }

  public long[] shape() {
    return shape.clone();
  }

  public DType dtype() {
    return dtype;
  }

  public boolean trainable() {
    return trainable;
  }

  public WeightInit init() {
    return init;
  }

  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return path + " " + Dims.format(shape) + " " + dtype;
  }
}
