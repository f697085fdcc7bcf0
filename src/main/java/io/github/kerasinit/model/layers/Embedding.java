package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;
import java.util.Map;

/**
 * {@code Embedding(input_dim, output_dim, embeddings_initializer="uniform")}: weight {@code embeddings}.
 *
 * <p>{@code ReversibleEmbedding(input_dim, output_dim, tie_weights=True, ...)}, its subclass: with
 * {@code tie_weights=False} also {@code reverse_embeddings} of shape {@code (output_dim, input_dim)}, made by the
 * same initializer object (an unseeded one keeps the one seed it drew in the constructor). Called with
 * {@code reverse=True} it maps {@code (..., output_dim)} to {@code (..., input_dim)}.
 */
public final class Embedding extends Layer {
  private final long inputDim;
  private final long outputDim;
  private final KerasInitializer embeddingsInitializer;
  private final boolean reversible;
  private final boolean reverseWeight;

  public Embedding(LayerConfig config, ModelContext context) {
    this(config, context, false);
  }

  /** {@code reversible}: the config is a ReversibleEmbedding's. */
  public Embedding(LayerConfig config, ModelContext context, boolean reversible) {
    super(config, context);
    inputDim = config.requiredPositive("input_dim");
    outputDim = config.requiredPositive("output_dim");
    embeddingsInitializer = initializer("embeddings_initializer", "uniform");
    this.reversible = reversible;
    reverseWeight = reversible && !config.bool("tie_weights", true);
  }

  @Override
  protected void build(List<long[]> inputs) {
    addWeight("embeddings", new long[] {inputDim, outputDim}, WeightInit.of(embeddingsInitializer), true);
    if (reverseWeight) {
      addWeight("reverse_embeddings", new long[] {outputDim, inputDim}, WeightInit.of(embeddingsInitializer), true);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(Dims.concat(single(inputs), outputDim));
  }

  /** ReversibleEmbedding called with {@code reverse=True}: the last dim becomes {@code input_dim}. */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs, Map<String, ?> callArgs) {
    if (!reversible || !callFlag(callArgs, "reverse")) {
      return computeOutputShapes(inputs);
    }
    long[] out = single(inputs).clone();
    out[out.length - 1] = inputDim;
    return one(out);
  }
}
