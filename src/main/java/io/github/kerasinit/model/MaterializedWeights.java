package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;

/** Initial values by Keras path, in {@code model.weights} order. Close it to release the native memory. */
public final class MaterializedWeights implements AutoCloseable {
  private final List<WeightSpec> specs;
  private final Map<String, Tensor> tensors;
  private boolean closed;

  MaterializedWeights(List<WeightSpec> specs, Map<String, Tensor> tensors) {
    this.specs = specs;
    this.tensors = new LinkedHashMap<>(tensors);
  }

  public List<WeightSpec> specs() {
    return specs;
  }

  /** The tensor of one weight; owned by this object (valid until {@link #close()}). */
  public Tensor get(String path) {
    if (closed) {
      throw new IllegalStateException("weights are closed");
    }
    Tensor t = tensors.get(path);
    if (t == null) {
      throw new KerasInitException("no weight \"" + path + "\"; the model has " + tensors.size() + " weights");
    }
    return t;
  }

  /** The bytes of one weight (C order, little endian) in a Java array; a weight the heap cannot hold is named. */
  public byte[] bytes(String path) {
    return TensorBytes.of(get(path), "weight " + path);
  }

  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (Tensor t : tensors.values()) {
        t.close();
      }
    }
  }
}
