package io.github.kerasinit.model.layers;

import io.github.kerasinit.model.core.InnerLayers;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.SavedChild;
import java.util.List;

/**
 * A Sequential or Functional model used as a layer. Keras reconstructs it when it is deserialized: its layers are
 * made and, when it declares its input shapes, built then (a Sequential builds the layers without build_config in its
 * own name scope); a Sequential that does not declare its input is built on its first call, inside the caller's scope.
 */
public final class NestedModel extends Layer {
  private final InnerLayers.Graph graph;

  public NestedModel(LayerConfig config, ModelContext context) {
    super(config, context);
    graph = context.innerLayers().graph(config.envelope());
    if (graph.declaresInputs()) {
      graph.run(null);
    }
    for (Layer layer : graph.layers()) {
      track(layer);
    }
  }

  /** Keras saves a model's layers as its {@code layers} list. */
  @Override
  public List<SavedChild> savedChildren() {
    return List.of(SavedChild.list("layers", graph.modelLayers()));
  }

  /** Functional for a config's "Model" too; Sequential. */
  @Override
  public String kerasClassName() {
    return "Sequential".equals(className()) ? "Sequential" : "Functional";
  }

  @Override
  protected void build(List<long[]> inputs) {
    String parent = path().contains("/") ? path().substring(0, path().lastIndexOf('/')) : "";
    graph.run(inputs, parent);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return graph.run(inputs);
  }
}
