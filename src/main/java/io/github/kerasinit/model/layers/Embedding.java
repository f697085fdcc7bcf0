package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;

/** {@code Embedding(input_dim, output_dim, embeddings_initializer="uniform")}: weight {@code embeddings}. */
public final class Embedding extends Layer {
  private final long inputDim;
  private final long outputDim;
  private final KerasInitializer embeddingsInitializer;

  public Embedding(LayerConfig config, ModelContext context) {
    super(config, context);
    inputDim = config.requiredPositive("input_dim");
    outputDim = config.requiredPositive("output_dim");
    embeddingsInitializer = initializer("embeddings_initializer", "uniform");
  }

  @Override
  protected void build(List<long[]> inputs) {
    addWeight("embeddings", new long[] {inputDim, outputDim}, WeightInit.of(embeddingsInitializer), true);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(Dims.concat(single(inputs), outputDim));
  }
}
