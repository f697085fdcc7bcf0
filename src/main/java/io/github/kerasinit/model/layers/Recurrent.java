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
import java.util.List;

/**
 * {@code SimpleRNN}, {@code LSTM} and {@code GRU}: the layer makes its cell in its constructor and builds it in its
 * own name scope, so the weights are {@code lstm/lstm_cell/kernel}, {@code .../recurrent_kernel}, {@code .../bias}.
 * Kernel {@code (input_dim, k * units)}, recurrent kernel {@code (units, k * units)} with k = 1, 4, 3. LSTM's bias with
 * {@code unit_forget_bias} is {@code concat(bias_init((u,)), ones((u,)), bias_init((2u,)))}; GRU's bias is
 * {@code (2, 3u)} with {@code reset_after} (Keras 3's default) and {@code (3u,)} without.
 */
public final class Recurrent extends Layer {
  /** Which recurrent layer. */
  public enum Kind {
    SIMPLE_RNN("simple_rnn_cell", 1), LSTM("lstm_cell", 4), GRU("gru_cell", 3);

    final String cellName;
    final int gates;

    Kind(String cellName, int gates) {
      this.cellName = cellName;
      this.gates = gates;
    }
  }

  private final Kind kind;
  private final long units;
  private final boolean returnSequences;
  private final boolean returnState;
  private final Cell cell;

  public Recurrent(LayerConfig config, ModelContext context, Kind kind) {
    super(config, context);
    this.kind = kind;
    units = config.requiredPositive("units");
    returnSequences = config.bool("return_sequences", false);
    returnState = config.bool("return_state", false);
    cell = track("cell", new Cell(config, context, kind, units));
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    if (in.length != 3) {
      throw new KerasInitException("layer " + this + " expects (batch, timesteps, features) inputs, got "
          + Dims.format(in));
    }
    cell.ensureBuilt(List.of(new long[] {in[0], in[2]}), path());
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = single(inputs);
    List<long[]> out = new ArrayList<>();
    out.add(returnSequences ? new long[] {in[0], in[1], units} : new long[] {in[0], units});
    if (returnState) {
      int states = kind == Kind.LSTM ? 2 : 1;
      for (int i = 0; i < states; i++) {
        out.add(new long[] {in[0], units});
      }
    }
    return out;
  }

  /**
   * The cell: its constructor resolves the initializers and makes its SeedGenerator in Keras' order. Inside its
   * layer (named {@code lstm_cell}...), or on its own as {@code SimpleRNNCell}, {@code LSTMCell} or {@code GRUCell}
   * (in {@code RNN(cell)} or {@code StackedRNNCells}), named by its config. Called alone on
   * {@code [inputs, *states]}, it returns its output and its new states, each {@code (batch, units)}.
   */
  public static final class Cell extends Layer {
    private final Kind kind;
    private final long units;
    private final boolean useBias;
    private final boolean unitForgetBias;
    private final boolean resetAfter;
    private final KerasInitializer kernelInitializer;
    private final KerasInitializer recurrentInitializer;
    private final KerasInitializer biasInitializer;

    /** A cell of class {@code SimpleRNNCell}, {@code LSTMCell} or {@code GRUCell}, from its own config. */
    public Cell(LayerConfig config, ModelContext context, Kind kind) {
      this(config, context, kind, config.requiredPositive("units"), null);
    }

    Cell(LayerConfig config, ModelContext context, Kind kind, long units) {
      this(config, context, kind, units, kind.cellName);
    }

    private Cell(LayerConfig config, ModelContext context, Kind kind, long units, String fixedName) {
      super(config, context, fixedName);
      this.kind = kind;
      this.units = units;
      useBias = config.bool("use_bias", true);
      unitForgetBias = config.bool("unit_forget_bias", true);
      resetAfter = config.bool("reset_after", true);
      if (kind == Kind.SIMPLE_RNN) {
        seedGenerator(config.raw("seed")); // SimpleRNNCell makes its SeedGenerator before its initializers
      }
      kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
      recurrentInitializer = initializer("recurrent_initializer", "orthogonal");
      biasInitializer = initializer("bias_initializer", "zeros");
      if (kind != Kind.SIMPLE_RNN) {
        seedGenerator(config.raw("seed")); // LSTMCell and GRUCell make it after them
      }
    }

    /** The size of its output, and of each of its states. */
    long units() {
      return units;
    }

    /** Its {@code state_size}: LSTM has two states (h, c), SimpleRNN and GRU one. */
    int states() {
      return kind == Kind.LSTM ? 2 : 1;
    }

    @Override
    protected void build(List<long[]> inputs) {
      long inputDim = lastDim(inputs.get(0)); // a cell called alone also takes its states
      long width = kind.gates * units;
      addWeight("kernel", new long[] {inputDim, width}, WeightInit.of(kernelInitializer), true);
      addWeight("recurrent_kernel", new long[] {units, width}, WeightInit.of(recurrentInitializer), true);
      if (!useBias) {
        return;
      }
      if (kind == Kind.LSTM && unitForgetBias) {
        addWeight("bias", new long[] {width}, WeightInit.concatenated(
            List.of(biasInitializer, new Ones(), biasInitializer), List.of(units, units, 2 * units)), true);
      } else if (kind == Kind.GRU && resetAfter) {
        addWeight("bias", new long[] {2, width}, WeightInit.of(biasInitializer), true);
      } else {
        addWeight("bias", new long[] {width}, WeightInit.of(biasInitializer), true);
      }
    }

    @Override
    protected List<long[]> computeOutputShapes(List<long[]> inputs) {
      long batch = inputs.get(0)[0];
      List<long[]> out = new ArrayList<>();
      out.add(new long[] {batch, units});
      for (int i = 1; i < inputs.size(); i++) {
        out.add(new long[] {batch, units});
      }
      return out;
    }
  }
}
