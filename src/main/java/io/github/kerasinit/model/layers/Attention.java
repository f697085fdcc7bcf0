package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.Ones;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' dot-product {@code Attention(use_scale=False, score_mode="dot", dropout=0.0, seed=None)} and
 * {@code AdditiveAttention(use_scale=True, dropout=0.0)}, called on {@code [query, value]} or
 * {@code [query, value, key]}.
 *
 * <p>Attention: {@code use_scale} adds a scalar {@code scale} and {@code score_mode="concat"} a scalar
 * {@code concat_score_weight}, both ones, in that order; with neither it has no weights. AdditiveAttention:
 * {@code use_scale} adds {@code scale} of shape {@code (query_dim,)}, {@code "glorot_uniform"} made in build, so an
 * unseeded one draws its seed then. Both make a SeedGenerator in the constructor when {@code dropout > 0}.
 */
public final class Attention extends Layer {
  private final boolean additive;
  private final boolean useScale;
  private final boolean concat;

  public Attention(LayerConfig config, ModelContext context, boolean additive) {
    super(config, context);
    this.additive = additive;
    useScale = config.bool("use_scale", additive);
    String scoreMode = config.string("score_mode", "dot");
    if (!scoreMode.equals("dot") && !scoreMode.equals("concat")) {
      throw new KerasInitException("layer " + this + ": `score_mode` = \"" + scoreMode
          + "\"; Keras allows \"dot\" or \"concat\"");
    }
    concat = scoreMode.equals("concat");
    if (config.number("dropout", 0.0) > 0) {
      seedGenerator(config.raw("seed")); // if self.dropout > 0: SeedGenerator(seed)
    }
  }

  @Override
  protected void build(List<long[]> inputs) {
    checkInputs(inputs);
    if (additive) {
      if (useScale) {
        // add_weight(initializer="glorot_uniform"): a fresh initializer, its seed drawn here.
        KerasInitializer glorot = Initializers.get("glorot_uniform", context.random());
        addWeight("scale", new long[] {lastDim(inputs.get(0))}, WeightInit.of(glorot), true);
      }
      return;
    }
    if (useScale) {
      addWeight("scale", new long[0], WeightInit.of(new Ones()), true);
    }
    if (concat) {
      addWeight("concat_score_weight", new long[0], WeightInit.of(new Ones()), true);
    }
  }

  private void checkInputs(List<long[]> inputs) {
    if (inputs.size() < 2 || inputs.size() > 3) {
      throw new KerasInitException("layer " + this + " takes [query, value] or [query, value, key], got "
          + formatShapes(inputs));
    }
  }

  /** {@code (*query_shape[:-1], value_shape[-1])}. */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    checkInputs(inputs);
    return one(outputShape(inputs));
  }

  /** With {@code return_attention_scores=True} the scores follow the output. */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs, Map<String, ?> callArgs) {
    checkInputs(inputs);
    return withScores(inputs, callArgs);
  }

  /**
   * Keras' {@code Attention.compute_output_spec}: the output {@code (*query[:-1], value[-1])}, and with
   * {@code return_attention_scores=True} the scores {@code (*query[:-1], key[-2])} (key: the value when not given).
   * One rule for both homes of Attention: this class and {@link WeightlessLayer} (no scale, no concat).
   */
  static List<long[]> withScores(List<long[]> inputs, Map<String, ?> callArgs) {
    long[] out = outputShape(inputs);
    if (!callFlag(callArgs, "return_attention_scores")) {
      return one(out);
    }
    long[] q = inputs.get(0);
    long[] key = inputs.get(inputs.size() > 2 ? 2 : 1);
    long[] scores = Arrays.copyOf(q, q.length);
    scores[scores.length - 1] = key[key.length - 2];
    return List.of(out, scores);
  }

  private static long[] outputShape(List<long[]> inputs) {
    long[] q = inputs.get(0);
    long[] v = inputs.get(1);
    long[] out = Arrays.copyOf(q, q.length);
    out[out.length - 1] = v[v.length - 1];
    return out;
  }
}
