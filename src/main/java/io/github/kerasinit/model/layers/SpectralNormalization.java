package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.model.core.WeightSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SpectralNormalization(layer, power_iterations=1)}: builds the wrapped layer on its own input shape (unless
 * its build_config built it already, outside any scope), then adds the non-trainable {@code vector_u} of shape
 * {@code (1, kernel.shape[-1])} in the kernel's dtype (the wrapped layer's {@code kernel}, else its
 * {@code embeddings}), initialized by a {@code TruncatedNormal(stddev=0.02)} made in build: an unseeded one, which
 * draws its seed after the wrapped layer's build.
 */
public final class SpectralNormalization extends Layer {
  private final Layer layer;
  private WeightSpec kernel;

  public SpectralNormalization(LayerConfig config, ModelContext context) {
    super(config, context);
    layer = track("layer", wrappedLayer());
    long iterations = config.integer("power_iterations", 1);
    if (iterations <= 0) {
      throw new KerasInitException("layer " + this + ": `power_iterations` = " + iterations
          + "; Keras requires it greater than zero");
    }
  }

  @Override
  protected void build(List<long[]> inputs) {
    layer.ensureBuilt(List.of(single(inputs)), path());
    kernel = ownWeight("kernel");
    if (kernel == null) {
      kernel = ownWeight("embeddings");
    }
    if (kernel == null) {
      throw new KerasInitException("layer " + this + ": the wrapped layer " + layer
          + " has no `kernel` nor `embeddings` weight, which Keras requires");
    }
    long[] shape = kernel.shape();
    KerasInitializer u = Initializers.get(Map.of("class_name", "TruncatedNormal", "config", Map.of("stddev", 0.02)),
        context.random());
    addWeight("vector_u", new long[] {1, shape[shape.length - 1]}, WeightInit.of(u), false, kernel.dtype());
  }

  /**
   * {@code self.kernel = self.layer.kernel} tracks the wrapped layer's kernel as this layer's own trainable
   * variable, so Keras lists it first: kernel, {@code vector_u}, then the wrapped layer's other weights.
   */
  @Override
  public void collectWeights(List<WeightSpec> out, Set<Object> seen) {
    if (kernel != null && seen.add(kernel)) {
      out.add(kernel);
    }
    super.collectWeights(out, seen);
  }

  /** Keras saves the wrapped kernel again as this layer's own first variable ({@code self.kernel}), then vector_u. */
  @Override
  public List<WeightSpec> savedVariables() {
    List<WeightSpec> out = new java.util.ArrayList<>();
    if (kernel != null) {
      out.add(kernel);
    }
    out.addAll(super.savedVariables());
    return out;
  }

  private WeightSpec ownWeight(String name) {
    for (WeightSpec w : layer.weights()) {
      if (w.path().equals(layer.path() + "/" + name)) {
        return w;
      }
    }
    return null;
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return layer.call(List.of(single(inputs)), path());
  }
}
