package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.Arrays;
import java.util.List;

/**
 * Keras' convolutions: {@code Conv1D/2D/3D} (kernel {@code kernel_size + (in / groups, filters)}),
 * {@code Conv1D/2D/3DTranspose} ({@code kernel_size + (filters, in)}), {@code DepthwiseConv1D/2D}
 * ({@code kernel_size + (in, depth_multiplier)}) and {@code SeparableConv1D/2D} ({@code depthwise_kernel} and
 * {@code pointwise_kernel}); each with a {@code (out_channels,)} bias. Output shapes as Keras computes them.
 */
public final class Conv extends Layer {
  /** Which convolution. */
  public enum Kind {
    CONV, TRANSPOSE, DEPTHWISE, SEPARABLE
  }

  private final Kind kind;
  private final int rank;
  private final long filters;
  private final long[] kernelSize;
  private final long[] strides;
  private final long[] dilation;
  private final String padding;
  private final boolean channelsFirst;
  private final long groups;
  private final long depthMultiplier;
  private final long[] outputPadding;
  private final boolean useBias;
  private final KerasInitializer kernelInitializer; // kernel / depthwise
  private final KerasInitializer pointwiseInitializer;
  private final KerasInitializer biasInitializer;

  public Conv(LayerConfig config, ModelContext context, Kind kind, int rank) {
    super(config, context);
    this.kind = kind;
    this.rank = rank;
    filters = kind == Kind.DEPTHWISE ? 0 : config.requiredPositive("filters");
    kernelSize = config.requiredPositiveTuple("kernel_size", rank, this);
    strides = config.positiveTupleOrOnes("strides", rank);
    dilation = config.positiveTupleOrOnes("dilation_rate", rank);
    padding = config.padding(kind == Kind.CONV && rank == 1); // "causal": Conv1D only
    channelsFirst = config.channelsFirst();
    groups = config.positive("groups", 1);
    if (kind == Kind.CONV && filters % groups != 0) {
      throw new KerasInitException("layer " + this + ": `filters` = " + filters + " must be a multiple of `groups` = "
          + groups + ", as Keras requires");
    }
    if (config.values().containsKey("depth_multiplier") && config.raw("depth_multiplier") == null) {
      throw new KerasInitException("layer " + this + ": `depth_multiplier` = null; Keras requires a positive integer");
    }
    depthMultiplier = config.positive("depth_multiplier", 1);
    outputPadding = config.nonNegativeTuple("output_padding", rank, null);
    refuseWhatKerasRefuses();
    useBias = config.bool("use_bias", true);
    // Keras' constructor order: kernel (or depthwise[, pointwise]), then bias.
    if (kind == Kind.DEPTHWISE) {
      kernelInitializer = initializer("depthwise_initializer", "glorot_uniform");
      pointwiseInitializer = null;
    } else if (kind == Kind.SEPARABLE) {
      kernelInitializer = initializer("depthwise_initializer", "glorot_uniform");
      pointwiseInitializer = initializer("pointwise_initializer", "glorot_uniform");
    } else {
      kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
      pointwiseInitializer = null;
    }
    biasInitializer = initializer("bias_initializer", "zeros");
  }

  /**
   * BaseConv's and BaseConvTranspose's constructor checks: strides above 1 with a dilation above 1 (the depthwise and
   * separable convolutions take them), and an output_padding not below its stride.
   */
  private void refuseWhatKerasRefuses() {
    if ((kind == Kind.CONV || kind == Kind.TRANSPOSE) && Arrays.stream(strides).max().getAsLong() > 1
        && Arrays.stream(dilation).max().getAsLong() > 1) {
      throw new KerasInitException("layer " + this + ": `strides` = " + Arrays.toString(strides) + " with"
          + " `dilation_rate` = " + Arrays.toString(dilation) + "; Keras refuses strides > 1 with dilation_rate > 1");
    }
    for (int i = 0; outputPadding != null && i < rank; i++) {
      if (outputPadding[i] >= strides[i]) {
        throw new KerasInitException("layer " + this + ": `output_padding` = " + Arrays.toString(outputPadding)
            + " with `strides` = " + Arrays.toString(strides) + "; Keras requires each output_padding strictly less"
            + " than its stride");
      }
    }
  }

  /** The input channels build gave the kernel, which every call must match (Keras' InputSpec); -1 before. */
  private long builtChannels = -1;

  private long channels(long[] in) {
    long c = channelsFirst ? in[1] : in[in.length - 1];
    if (c == Dims.UNKNOWN) {
      throw new KerasInitException("layer " + this + ": the channel dimension of input " + Dims.format(in)
          + " must be known");
    }
    return c;
  }

  private void checkRank(long[] in) {
    if (in.length != rank + 2) {
      throw new KerasInitException("layer " + this + " expects inputs of rank " + (rank + 2) + ", got "
          + Dims.format(in));
    }
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    checkRank(in);
    long c = channels(in);
    builtChannels = c;
    switch (kind) {
      case CONV:
        if (c % groups != 0) {
          throw new KerasInitException("layer " + this + ": input channels " + c + " not divisible by groups " + groups);
        }
        addWeight("kernel", Dims.concat(kernelSize, c / groups, filters), WeightInit.of(kernelInitializer), true);
        break;
      case TRANSPOSE:
        addWeight("kernel", Dims.concat(kernelSize, filters, c), WeightInit.of(kernelInitializer), true);
        break;
      case DEPTHWISE:
        addWeight("kernel", Dims.concat(kernelSize, c, depthMultiplier), WeightInit.of(kernelInitializer), true);
        break;
      default:
        addWeight("depthwise_kernel", Dims.concat(kernelSize, c, depthMultiplier), WeightInit.of(kernelInitializer),
            true);
        long[] pointwise = new long[rank];
        Arrays.fill(pointwise, 1);
        addWeight("pointwise_kernel", Dims.concat(pointwise, c * depthMultiplier, filters),
            WeightInit.of(pointwiseInitializer), true);
    }
    if (useBias) {
      long out = kind == Kind.DEPTHWISE ? c * depthMultiplier : filters;
      addWeight("bias", new long[] {out}, WeightInit.of(biasInitializer), true);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = single(inputs);
    checkRank(in);
    checkBuiltAxis(in, channelsFirst ? 1 : -1, builtChannels);
    long outChannels = kind == Kind.DEPTHWISE ? channels(in) * depthMultiplier : filters;
    long[] spatial = new long[rank];
    for (int i = 0; i < rank; i++) {
      long size = in[channelsFirst ? i + 2 : i + 1];
      spatial[i] = kind == Kind.TRANSPOSE ? transposeSize(size, i) : convSize(size, i);
    }
    long[] out = new long[rank + 2];
    out[0] = in[0];
    if (channelsFirst) {
      out[1] = outChannels;
      System.arraycopy(spatial, 0, out, 2, rank);
    } else {
      System.arraycopy(spatial, 0, out, 1, rank);
      out[rank + 1] = outChannels;
    }
    return one(out);
  }

  /** Keras' compute_conv_output_shape for one spatial dim. */
  private long convSize(long size, int i) {
    if (size == Dims.UNKNOWN) {
      return Dims.UNKNOWN;
    }
    long out;
    if (padding.equals("valid")) {
      out = Math.floorDiv(size - dilation[i] * (kernelSize[i] - 1) - 1, strides[i]) + 1;
      if (out <= 0) {
        throw new KerasInitException("layer " + this + ": output size would be " + out + " for input size " + size
            + ", kernel " + kernelSize[i] + ", stride " + strides[i] + ", dilation " + dilation[i]);
      }
    } else if (padding.equals("same") || padding.equals("causal")) {
      out = Math.floorDiv(size - 1, strides[i]) + 1;
    } else {
      throw new KerasInitException("layer " + this + ": padding \"" + padding + "\"; allowed: valid, same, causal");
    }
    return out;
  }

  /** Keras' compute_conv_transpose_output_shape (TF's padding rules) for one spatial dim. */
  private long transposeSize(long size, int i) {
    if (size == Dims.UNKNOWN) {
      return Dims.UNKNOWN;
    }
    long k = (kernelSize[i] - 1) * dilation[i] + 1;
    Long op = outputPadding == null ? null : outputPadding[i];
    if (padding.equals("valid")) {
      long pad = op == null ? Math.max(k, strides[i]) - k : op;
      return (size - 1) * strides[i] + k + pad;
    }
    if (padding.equals("same")) {
      return op == null ? size * strides[i] : (size - 1) * strides[i] + k % 2 + op;
    }
    throw new KerasInitException("layer " + this + ": padding \"" + padding + "\"; allowed: valid, same");
  }
}
