package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import java.util.List;
import java.util.Map;

/**
 * {@code GroupQueryAttention(head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True,
 * use_gate=False, kernel_initializer="glorot_uniform", bias_initializer="zeros", seed=None)}: its build makes
 * EinsumDense sublayers {@code query} ({@code bqm,muh->bquh}), {@code key} ({@code bkm,mvh->bkvh}), [{@code gate}],
 * {@code value}, then a Dropout (a SeedGenerator when {@code dropout > 0}) and {@code attention_output}
 * ({@code bquh,uhm->bqm}, built on {@code (None, None, num_query_heads, head_dim)}); each sublayer gets fresh clones
 * of the kernel and bias initializers, as in MultiHeadAttention.
 */
public final class GroupQueryAttention extends Layer {
  /** The attribute Keras assigns each projection to, which names its group in the weights file. */
  private static final java.util.Map<String, String> ATTRIBUTES = java.util.Map.of("query", "_query_dense", "key",
      "_key_dense", "value", "_value_dense", "attention_output", "_output_dense", "gate", "_gate_dense");
  private final long headDim;
  private final long queryHeads;
  private final long kvHeads;
  private final boolean useBias;
  private final boolean useGate;
  private final double dropout;
  private final Object seed;
  private final KerasInitializer kernelInitializer;
  private final KerasInitializer biasInitializer;

  public GroupQueryAttention(LayerConfig config, ModelContext context) {
    super(config, context);
    headDim = config.requiredPositive("head_dim");
    queryHeads = config.requiredPositive("num_query_heads");
    kvHeads = config.requiredPositive("num_key_value_heads");
    if (queryHeads % kvHeads != 0) {
      throw new KerasInitException("layer " + this + ": `num_query_heads` = " + queryHeads
          + " must be divisible by `num_key_value_heads` = " + kvHeads + ", as Keras requires");
    }
    dropout = config.number("dropout", 0.0);
    useBias = config.bool("use_bias", true);
    useGate = config.bool("use_gate", false);
    seed = config.raw("seed");
    kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
    biasInitializer = initializer("bias_initializer", "zeros");
  }

  @Override
  protected void build(List<long[]> inputs) {
    if (inputs.size() < 2 || inputs.size() > 3) {
      throw new KerasInitException("layer " + this + " takes query, value[, key]; got " + formatShapes(inputs));
    }
    long[] q = inputs.get(0);
    long[] v = inputs.get(1);
    long[] k = inputs.size() > 2 ? inputs.get(2) : v;
    long featureDim = lastDim(q);
    if (lastDim(v) != featureDim) { // Keras' compute_output_shape, which its call runs
      throw new KerasInitException("layer " + this + ": the last dimension of `query_shape` and `value_shape` must be"
          + " equal, as Keras requires, but are " + featureDim + ", " + lastDim(v) + " (query " + Dims.format(q)
          + ", value " + Dims.format(v) + ")");
    }
    projection("query", "bqm,muh->bquh", queryHeads, useBias ? "uh" : null, q);
    projection("key", "bkm,mvh->bkvh", kvHeads, useBias ? "vh" : null, k);
    if (useGate) {
      projection("gate", "bqm,muh->bquh", queryHeads, useBias ? "uh" : null, q);
    }
    projection("value", "bkm,mvh->bkvh", kvHeads, useBias ? "vh" : null, v);
    trackWeightless("_softmax", "Softmax");
    trackWeightless("_dropout_layer", "Dropout");
    if (dropout > 0) {
      seedGenerator(seed); // Dropout(rate=dropout, seed=self.seed)
    }
    sublayer("attention_output", "bquh,uhm->bqm", List.of(Dims.UNKNOWN, featureDim), useBias ? "m" : null,
        new long[] {Dims.UNKNOWN, Dims.UNKNOWN, queryHeads, headDim});
  }

  private void projection(String name, String equation, long heads, String biasAxes, long[] input) {
    sublayer(name, equation, List.of(Dims.UNKNOWN, heads, headDim), biasAxes, input);
  }

  /** One EinsumDense, with {@code initializer.__class__.from_config(initializer.get_config())} clones. */
  private void sublayer(String name, String equation, List<Long> outputShape, String biasAxes, long[] input) {
    KerasInitializer kernel = Initializers.get(Initializers.serialize(kernelInitializer), context.random());
    KerasInitializer bias = Initializers.get(Initializers.serialize(biasInitializer), context.random());
    EinsumDense dense = track(ATTRIBUTES.get(name),
        new EinsumDense(config, context, name, equation, outputShape, biasAxes, kernel, bias));
    dense.ensureBuilt(List.of(input), path());
  }

  /** The query's shape. */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(inputs.get(0).clone());
  }

  /**
   * With {@code return_attention_scores=True} Keras' {@code compute_output_spec} adds the scores
   * {@code (batch, num_query_heads, query_len, key_len)} (key: the value when not given).
   */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs, Map<String, ?> callArgs) {
    if (!callFlag(callArgs, "return_attention_scores")) {
      return computeOutputShapes(inputs);
    }
    long[] q = inputs.get(0);
    long[] key = inputs.get(inputs.size() > 2 ? 2 : 1);
    return List.of(q.clone(), new long[] {q[0], queryHeads, q[1], key[1]});
  }
}
