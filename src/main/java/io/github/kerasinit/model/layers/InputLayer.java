package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import java.util.List;

/** {@code InputLayer(batch_shape=...)} (Keras 3) or {@code batch_input_shape} (Keras 2): the model's input shape. */
public final class InputLayer extends Layer {
  private final long[] batchShape;

  public InputLayer(LayerConfig config, ModelContext context) {
    super(config, context);
    Object shape = config.raw("batch_shape");
    if (shape == null) {
      shape = config.raw("batch_input_shape");
    }
    if (shape == null && config.raw("shape") != null) {
      shape = new java.util.ArrayList<Object>(List.of((Object) null));
      ((List<Object>) shape).addAll((List<?>) config.raw("shape"));
    }
    if (shape == null) {
      throw new KerasInitException("input layer " + this + " has no batch_shape / batch_input_shape");
    }
    batchShape = Dims.parseShape(shape);
  }

  public long[] batchShape() {
    return batchShape.clone();
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(batchShape.clone());
  }
}
