package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code MultiHeadAttention(num_heads, key_dim, value_dim=None, use_bias=True, output_shape=None, use_gate=False,
 * kernel_initializer="glorot_uniform", bias_initializer="zeros")}. Its build makes EinsumDense sublayers
 * {@code query}, {@code key}, [{@code gate},] {@code value}, {@code attention_output}, each with fresh clones of the
 * kernel and bias initializers ({@code from_config(get_config())}: an int seed is kept, an unseeded one draws again),
 * in that order, and the attention dropout's SeedGenerator before the output projection.
 */
public final class MultiHeadAttention extends Layer {
  /**
   * The attribute Keras' weights file names each projection by: the public properties {@code query_dense}...
   * (visited before the private {@code _query_dense} they return), and {@code _gate_dense}, which has none.
   */
  private static final java.util.Map<String, String> ATTRIBUTES = java.util.Map.of("query", "query_dense", "key",
      "key_dense", "value", "value_dense", "attention_output", "output_dense", "gate", "_gate_dense");
  private final long numHeads;
  private final long keyDim;
  private final long valueDim;
  private final boolean useBias;
  private final boolean useGate;
  private final List<Long> outputShape;
  private final double dropout;
  private final Object seed;
  /** {@code attention_axes}: null for Keras' default (every axis between the batch and the features). */
  private final List<Long> attentionAxes;
  private final KerasInitializer kernelInitializer;
  private final KerasInitializer biasInitializer;
  private EinsumDense query;

  public MultiHeadAttention(LayerConfig config, ModelContext context) {
    super(config, context);
    numHeads = config.requiredPositive("num_heads");
    keyDim = config.requiredPositive("key_dim");
    valueDim = config.positive("value_dim", keyDim);
    useBias = config.bool("use_bias", true);
    useGate = config.bool("use_gate", false);
    outputShape = config.has("output_shape") ? EinsumDense.partial(config.raw("output_shape"), this) : null;
    dropout = config.number("dropout", 0.0);
    seed = config.raw("seed");
    attentionAxes = attentionAxes(config.raw("attention_axes"));
    kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
    biasInitializer = initializer("bias_initializer", "zeros");
  }

  @Override
  protected void build(List<long[]> inputs) {
    if (inputs.isEmpty() || inputs.size() > 3) {
      throw new KerasInitException("layer " + this + " takes query, value[, key]; got " + formatShapes(inputs));
    }
    long[] q = inputs.get(0);
    long[] v = inputs.size() > 1 ? inputs.get(1) : q;
    long[] k = inputs.size() > 2 ? inputs.get(2) : v;
    query = projection("query", q, 1, 2, List.of(numHeads, keyDim));
    projection("key", k, 1, 2, List.of(numHeads, keyDim));
    if (useGate) {
      projection("gate", q, 1, 2, List.of(numHeads, valueDim));
    }
    projection("value", v, 1, 2, List.of(numHeads, valueDim));
    checkAttentionAxes(v.length + 1);
    trackWeightless("_softmax", "Softmax"); // _build_attention
    trackWeightless("_dropout_layer", "Dropout");
    if (dropout > 0) {
      seedGenerator(seed); // _build_attention: Dropout(rate=dropout, seed=self.seed)
    }
    List<Long> out = outputShape != null && !outputShape.isEmpty() ? outputShape : List.of(q[q.length - 1]);
    long[] outputInput = query.outputShape(q);
    outputInput[outputInput.length - 1] = valueDim;
    projection("attention_output", outputInput, q.length - 1, 2, out.size(), out);
  }

  /**
   * Keras' constructor: an int (one axis) or a list of ints, a bool being Python's int 0 or 1; it refuses any other
   * value ("`attention_axes` must be an int, list, or tuple"), and its build cannot index with anything but ints.
   */
  private List<Long> attentionAxes(Object v) {
    if (v == null) {
      return null;
    }
    List<?> values = v instanceof List ? (List<?>) v : List.of(v);
    List<Long> axes = new ArrayList<>();
    for (Object a : values) {
      if (!PyValues.isInt(a) && !(a instanceof Boolean)) {
        throw new KerasInitException("layer " + this + ": `attention_axes` = " + PythonText.json(v) + "; Keras requires"
            + " an int or a list of ints");
      }
      axes.add(a instanceof Boolean ? ((Boolean) a ? 1L : 0L)
          : PyValues.toLongExact(a, "layer " + this + ": `attention_axes`"));
    }
    return axes;
  }

  /**
   * Keras' {@code _build_attention(rank)}, {@code rank} the projected value's: each axis, a negative one counted as
   * {@code (rank - 1) + axis}, must index {@code range(rank)} (numpy's {@code delete} refuses others).
   */
  private void checkAttentionAxes(int rank) {
    for (long axis : attentionAxes == null ? List.<Long>of() : attentionAxes) {
      long normalized = axis >= 0 ? axis : rank - 1 + axis;
      if (normalized >= rank || normalized < -rank) {
        throw new KerasInitException("layer " + this + ": `attention_axes` = " + PythonText.json(
            config.raw("attention_axes")) + ": axis " + axis + " is out of bounds for the attention's " + rank
            + " axes, as Keras refuses it");
      }
    }
  }

  private EinsumDense projection(String name, long[] input, int boundDims, int outputDims, List<Long> known) {
    return projection(name, input, input.length - 1, boundDims, outputDims, known);
  }

  /** One EinsumDense sublayer, from Keras' {@code _build_proj_equation} and {@code _get_output_shape}. */
  private EinsumDense projection(String name, long[] input, int freeDims, int boundDims, int outputDims,
      List<Long> known) {
    KerasInitializer kernel = clone(kernelInitializer);
    KerasInitializer bias = clone(biasInitializer);
    StringBuilder in = new StringBuilder();
    StringBuilder kern = new StringBuilder();
    StringBuilder outStr = new StringBuilder();
    StringBuilder biasAxes = new StringBuilder();
    int letter = 0;
    for (int i = 0; i < freeDims; i++, letter++) {
      in.append((char) ('a' + letter));
      outStr.append((char) ('a' + letter));
    }
    for (int i = 0; i < boundDims; i++, letter++) {
      in.append((char) ('a' + letter));
      kern.append((char) ('a' + letter));
    }
    for (int i = 0; i < outputDims; i++, letter++) {
      kern.append((char) ('a' + letter));
      outStr.append((char) ('a' + letter));
      biasAxes.append((char) ('a' + letter));
    }
    int outputRank = outStr.length();
    List<Long> partial = new ArrayList<>();
    for (int i = 0; i < outputRank - 1 - known.size(); i++) {
      partial.add(Dims.UNKNOWN);
    }
    partial.addAll(known);
    EinsumDense dense = track(ATTRIBUTES.get(name), new EinsumDense(config, context, name,
        in + "," + kern + "->" + outStr, partial, useBias ? biasAxes.toString() : null, kernel, bias));
    dense.ensureBuilt(List.of(input), path());
    return dense;
  }

  /** {@code initializer.__class__.from_config(initializer.get_config())}. */
  private KerasInitializer clone(KerasInitializer init) {
    return Initializers.get(Initializers.serialize(init), context.random());
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] q = inputs.get(0);
    long[] out = Arrays.copyOf(q, q.length - 1);
    if (outputShape != null && !outputShape.isEmpty()) {
      return one(Dims.concat(out, outputShape.stream().mapToLong(Long::longValue).toArray()));
    }
    return one(q.clone());
  }

  /**
   * With {@code return_attention_scores=True} Keras' {@code compute_output_spec} adds the scores
   * {@code (batch, num_heads, query_len, query_len)}: the query's length twice, as Keras writes it (the scores a
   * call computes are {@code (..., key_len)}, but the graph, and every shape after it, has Keras' symbolic one).
   */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs, Map<String, ?> callArgs) {
    List<long[]> out = computeOutputShapes(inputs);
    if (!callFlag(callArgs, "return_attention_scores")) {
      return out;
    }
    long[] q = inputs.get(0);
    return List.of(out.get(0), new long[] {q[0], numHeads, q[1], q[1]});
  }
}
