package io.github.kerasinit.model;

/**
 * A reference to one output tensor of a layer call, as a model config writes it: output {@code tensor} of call
 * {@code node} of layer {@code layer} (Keras' {@code keras_history}). A Keras 3 config also records the tensor's
 * shape, which stands in for the output of a layer keras-init skipped; null where the config does not say.
 */
record TensorRef(String layer, int node, int tensor, long[] recordedShape) {
  /** The tensor itself, without the recorded shape: the key of a computed shape. */
  Id id() {
    return new Id(layer, node, tensor);
  }

  /**
   * Which tensor: a layer, a call of it, an output of that call. Its equals and hashCode are written out: a record's
   * generated ones bootstrap {@code java.lang.runtime.ObjectMethods} at first use, which spun about 20 method-handle
   * classes on the main thread of every Functional model's process (20 ms of ResNet50's start, and their compiles).
   */
  record Id(String layer, int node, int tensor) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Id other && node == other.node && tensor == other.tensor
          && java.util.Objects.equals(layer, other.layer);
    }

    @Override
    public int hashCode() {
      return (java.util.Objects.hashCode(layer) * 31 + node) * 31 + tensor;
    }
  }
}
