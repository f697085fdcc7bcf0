package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.Ones;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ConvLSTM1D}, {@code ConvLSTM2D}, {@code ConvLSTM3D}{@code (filters, kernel_size, strides=1, padding="valid",
 * data_format=None, dilation_rate=1, use_bias=True, kernel_initializer="glorot_uniform",
 * recurrent_initializer="orthogonal", bias_initializer="zeros", unit_forget_bias=True, seed=None,
 * return_sequences=False, return_state=False)}: an RNN over a {@code conv_lstm_cell}, built in the layer's name
 * scope on the step input {@code (batch,) + input_shape[2:]}. Weights: {@code kernel}
 * {@code kernel_size + (channels, 4 * filters)}, {@code recurrent_kernel} {@code kernel_size + (filters,
 * 4 * filters)}, {@code bias} {@code (4 * filters,)}, with LSTM's {@code unit_forget_bias} recipe
 * {@code concat(bias_init((f,)), ones((f,)), bias_init((2f,)))}. The cell makes its SeedGenerator before its
 * initializers (as SimpleRNNCell does, unlike LSTMCell).
 */
public final class ConvLSTM extends Layer {
  private final int rank;
  private final boolean returnSequences;
  private final boolean returnState;
  private final Cell cell;

  public ConvLSTM(LayerConfig config, ModelContext context, int rank) {
    super(config, context);
    this.rank = rank;
    returnSequences = config.bool("return_sequences", false);
    returnState = config.bool("return_state", false);
    cell = track("cell", new Cell(withoutTrainable(config), context, rank, toString()));
  }

  /**
   * ConvLSTM passes its cell no {@code trainable} (LSTM passes it), so the cell's weights are trainable variables
   * even in a {@code trainable=False} ConvLSTM, as Keras' {@code variable.trainable} reports them.
   */
  private static LayerConfig withoutTrainable(LayerConfig config) {
    if (!config.has("trainable")) {
      return config;
    }
    Map<String, Object> values = new LinkedHashMap<>(config.values());
    values.remove("trainable");
    Map<String, Object> envelope = new LinkedHashMap<>(config.envelope());
    envelope.put("config", values);
    return new LayerConfig(envelope);
  }

  private void checkRank(long[] in) {
    if (in.length != rank + 3) {
      throw new KerasInitException("layer " + this + " expects inputs of rank " + (rank + 3)
          + " (batch, timesteps, spatial dims and channels), got " + Dims.format(in));
    }
  }

  private static long[] step(long[] in) {
    long[] s = new long[in.length - 1];
    s[0] = in[0];
    System.arraycopy(in, 2, s, 1, in.length - 2);
    return s;
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    checkRank(in);
    cell.ensureBuilt(List.of(step(in)), path());
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = single(inputs);
    checkRank(in);
    long[] state = cell.stateShape(step(in)); // (batch, *spatial, filters) or channels first
    List<long[]> out = new ArrayList<>();
    if (returnSequences) {
      long[] seq = new long[state.length + 1];
      seq[0] = in[0];
      seq[1] = in[1];
      System.arraycopy(state, 1, seq, 2, state.length - 1);
      out.add(seq);
    } else {
      out.add(state);
    }
    if (returnState) {
      out.add(state.clone());
      out.add(state.clone());
    }
    return out;
  }

  /** Keras' {@code ConvLSTMCell}: a SeedGenerator, then kernel, recurrent and bias initializers. */
  static final class Cell extends Layer {
    private final int rank;
    private final String owner; // errors name the ConvLSTM layer, not its cell
    private final long filters;
    private final long[] kernelSize;
    private final long[] strides;
    private final long[] dilation;
    private final String padding;
    private final boolean channelsFirst;
    private final boolean useBias;
    private final boolean unitForgetBias;
    private final KerasInitializer kernelInitializer;
    private final KerasInitializer recurrentInitializer;
    private final KerasInitializer biasInitializer;

    Cell(LayerConfig config, ModelContext context, int rank, String owner) {
      super(config, context, "conv_lstm_cell");
      this.rank = rank;
      this.owner = owner;
      seedGenerator(config.raw("seed")); // ConvLSTMCell.__init__ makes it first
      filters = config.requiredPositive("filters");
      kernelSize = config.requiredPositiveTuple("kernel_size", rank, owner);
      strides = config.positiveTupleOrOnes("strides", rank);
      dilation = config.positiveTupleOrOnes("dilation_rate", rank);
      if (Arrays.stream(strides).max().getAsLong() > 1 && Arrays.stream(dilation).max().getAsLong() > 1) {
        throw new KerasInitException("layer " + owner + ": `strides` = " + Arrays.toString(strides)
            + " and `dilation_rate` = " + Arrays.toString(dilation) + "; Keras refuses strides > 1 with"
            + " dilation_rate > 1");
      }
      padding = config.padding(false);
      channelsFirst = config.channelsFirst();
      useBias = config.bool("use_bias", true);
      unitForgetBias = config.bool("unit_forget_bias", true);
      kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
      recurrentInitializer = initializer("recurrent_initializer", "orthogonal");
      biasInitializer = initializer("bias_initializer", "zeros");
    }

    @Override
    protected void build(List<long[]> inputs) {
      long[] in = single(inputs);
      for (int i = 0; i < rank; i++) {
        if (in[channelsFirst ? i + 2 : i + 1] == Dims.UNKNOWN) {
          throw new KerasInitException("layer " + owner + ": ConvLSTM layers need static spatial dimensions, got"
              + " step input shape " + Dims.format(in));
        }
      }
      long channels = channelsFirst ? in[1] : in[in.length - 1];
      if (channels == Dims.UNKNOWN) {
        throw new KerasInitException("layer " + owner + ": the channel dimension of step input " + Dims.format(in)
            + " must be known");
      }
      addWeight("kernel", Dims.concat(kernelSize, channels, 4 * filters), WeightInit.of(kernelInitializer), true);
      addWeight("recurrent_kernel", Dims.concat(kernelSize, filters, 4 * filters),
          WeightInit.of(recurrentInitializer), true);
      if (!useBias) {
        return;
      }
      if (unitForgetBias) {
        addWeight("bias", new long[] {4 * filters}, WeightInit.concatenated(
            List.of(biasInitializer, new Ones(), biasInitializer), List.of(filters, filters, 2 * filters)), true);
      } else {
        addWeight("bias", new long[] {4 * filters}, WeightInit.of(biasInitializer), true);
      }
    }

    /** Keras' compute_conv_output_shape of the step input. */
    long[] stateShape(long[] in) {
      long[] out = new long[rank + 2];
      out[0] = in[0];
      for (int i = 0; i < rank; i++) {
        out[channelsFirst ? i + 2 : i + 1] = convSize(in[channelsFirst ? i + 2 : i + 1], i);
      }
      out[channelsFirst ? 1 : rank + 1] = filters;
      return out;
    }

    private long convSize(long size, int i) {
      if (size == Dims.UNKNOWN) {
        return Dims.UNKNOWN;
      }
      if (padding.equals("same")) {
        return Math.floorDiv(size - 1, strides[i]) + 1;
      }
      long out = Math.floorDiv(size - dilation[i] * (kernelSize[i] - 1) - 1, strides[i]) + 1;
      if (out <= 0) {
        throw new KerasInitException("layer " + owner + ": output size would be " + out + " for input size " + size
            + ", kernel " + kernelSize[i] + ", stride " + strides[i] + ", dilation " + dilation[i]);
      }
      return out;
    }

    @Override
    protected List<long[]> computeOutputShapes(List<long[]> inputs) {
      return one(stateShape(single(inputs)));
    }
  }
}
