package io.github.kerasinit.model.layers;

import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import java.util.List;

/**
 * A layer keras-init does not know, kept when unsupported layers are skipped: no weights; its output shapes come
 * from what a Keras 3 config records downstream, or are unknown.
 */
public final class UnsupportedLayer extends Layer {
  public UnsupportedLayer(LayerConfig config, ModelContext context) {
    super(config, context);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return null; // unknown: the graph takes recorded shapes instead
  }
}
