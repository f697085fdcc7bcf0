package io.github.kerasinit.model;

import java.util.List;

/**
 * A Sequential or Functional model used as a layer. Keras reconstructs it when it is deserialized (its layers made
 * and built then, each in its own name scope), so its weights are named by its layers alone; a call only maps shapes
 * through it.
 */
public final class NestedModel extends Layer {
  private final ModelGraph graph;

  NestedModel(LayerConfig config, ModelContext context, LayerFactory factory) {
    super(config, context);
    graph = new ModelGraph(config.envelope(), factory);
    graph.run(null);
    for (Layer layer : graph.layers()) {
      track(layer);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return graph.run(inputs);
  }
}
