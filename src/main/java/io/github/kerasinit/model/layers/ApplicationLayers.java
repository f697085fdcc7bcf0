package io.github.kerasinit.model.layers;

import io.github.kerasinit.catalog.Constant;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;

/**
 * The layers keras.applications defines for its own models, recognised by their module and class together (a user's
 * class of the same name is still unknown).
 */
public final class ApplicationLayers {
  private ApplicationLayers() {}

  /**
   * ConvNeXt's {@code LayerScale(init_values, projection_dim)} (module {@code keras.src.applications.convnext}): one
   * trainable weight of shape {@code (projection_dim,)}, {@code Constant(init_values)}, made by
   * {@code add_weight} without a name, so its path ends in {@code variable}, {@code variable_1}, ... as Keras counts
   * unnamed variables over the model.
   */
  public static final class LayerScale extends Layer {
    public static final String MODULE = "keras.src.applications.convnext";
    private final Object initValues;
    private final long projectionDim;

    public LayerScale(LayerConfig config, ModelContext context) {
      super(config, context);
      initValues = config.raw("init_values");
      projectionDim = config.requiredInteger("projection_dim");
    }

    @Override
    protected void build(List<long[]> inputs) {
      addWeight(unnamedWeightName(), new long[] {projectionDim}, WeightInit.of(new Constant(initValues)), true);
    }

    @Override
    protected List<long[]> computeOutputShapes(List<long[]> inputs) {
      return one(single(inputs));
    }
  }

  /**
   * InceptionResNetV2's {@code CustomScaleLayer(scale)} (module {@code keras.src.applications.inception_resnet_v2}):
   * {@code inputs[0] + inputs[1] * scale}, no weights.
   */
  public static final class CustomScaleLayer extends Layer {
    public static final String MODULE = "keras.src.applications.inception_resnet_v2";

    public CustomScaleLayer(LayerConfig config, ModelContext context) {
      super(config, context);
    }

    @Override
    protected List<long[]> computeOutputShapes(List<long[]> inputs) {
      return one(Dims.broadcast(inputs));
    }
  }
}
