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

  /** Which tensor: a layer, a call of it, an output of that call. */
  record Id(String layer, int node, int tensor) {}
}
