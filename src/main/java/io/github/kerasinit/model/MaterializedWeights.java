package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;

/**
 * Initial values in {@code model.weights} order. Close it to release the native memory.
 *
 * <p>Two weights can share a Keras path (nested models that reuse a layer name: Keras gives both the same path), so
 * every weight is held by its {@link WeightSpec}; looking one up by path, or as a map by path, is refused when the
 * path is not unique, as Keras' {@code get_state_tree()} refuses it, instead of answering with the wrong weight.
 */
public final class MaterializedWeights implements AutoCloseable {
  private final List<WeightSpec> specs;
  private final List<Tensor> tensors;
  private final Map<WeightSpec, Integer> index = new IdentityHashMap<>();
  private boolean closed;

  /** {@code tensors.get(i)} is the value of {@code specs.get(i)}. */
  MaterializedWeights(List<WeightSpec> specs, List<Tensor> tensors) {
    if (specs.size() != tensors.size()) {
      throw new IllegalArgumentException(specs.size() + " weights but " + tensors.size() + " tensors");
    }
    this.specs = List.copyOf(specs);
    this.tensors = new ArrayList<>(tensors);
    for (int i = 0; i < specs.size(); i++) {
      index.put(specs.get(i), i);
    }
  }

  public List<WeightSpec> specs() {
    return specs;
  }

  /** The tensor of one weight; owned by this object (valid until {@link #close()}). */
  public Tensor get(WeightSpec weight) {
    requireOpen();
    Integer i = index.get(weight);
    if (i == null) {
      throw new KerasInitException("weight " + weight.path() + " is not one of these " + specs.size() + " weights");
    }
    return tensors.get(i);
  }

  /** The tensor of the weight at {@code path}, which must name exactly one weight. */
  public Tensor get(String path) {
    requireOpen();
    Tensor found = null;
    int count = 0;
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).path().equals(path)) {
        found = tensors.get(i);
        count++;
      }
    }
    if (count == 0) {
      throw new KerasInitException("no weight \"" + path + "\"; the model has " + specs.size() + " weights");
    }
    if (count > 1) {
      throw new KerasInitException(KerasModel.sharedPathMessage(path, count) + "; get each by its WeightSpec");
    }
    return found;
  }

  /** The bytes of one weight (C order, little endian) in a Java array; a weight the heap cannot hold is named. */
  public byte[] bytes(String path) {
    return TensorBytes.of(get(path), "weight " + path);
  }

  /** The tensors by Keras path, in order; refused when two weights share a path. */
  public Map<String, Tensor> asMap() {
    requireOpen();
    KerasModel.requireUniquePaths(specs, "a map of the weights by path");
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      map.put(specs.get(i).path(), tensors.get(i));
    }
    return Collections.unmodifiableMap(map);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("weights are closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (Tensor t : tensors) {
        t.close();
      }
    }
  }
}
