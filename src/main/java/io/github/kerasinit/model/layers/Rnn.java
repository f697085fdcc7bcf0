package io.github.kerasinit.model.layers;

import io.github.kerasinit.model.core.SavedChild;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras' generic {@code RNN(cell, return_sequences=False, return_state=False, ...)} over a {@code SimpleRNNCell},
 * {@code LSTMCell}, {@code GRUCell} or {@code StackedRNNCells} of them, and {@code StackedRNNCells(cells)} itself.
 *
 * <p>As Keras' {@code from_config}: the cell is deserialized first (its initializers and SeedGenerator drawn then),
 * and a cell whose dict carries a {@code build_config} (every saved one) is built right away, outside any name
 * scope: its weights are {@code lstm_cell/kernel}, not {@code rnn/lstm_cell/kernel}. The RNN's build builds the cell
 * on {@code (batch,) + inputs[2:]} only if it is not built yet.
 */
public final class Rnn extends Layer {
  private final Layer cell;
  private final boolean returnSequences;
  private final boolean returnState;

  public Rnn(LayerConfig config, ModelContext context) {
    super(config, context);
    cell = track("cell", cell(this, config.raw("cell") instanceof Map ? config.layerDict("cell") : null, context));
    returnSequences = config.bool("return_sequences", false);
    returnState = config.bool("return_state", false);
  }

  /** The cells keras-init knows, inside an RNN or a StackedRNNCells. */
  private static Layer cell(Layer owner, Map<String, Object> dict, ModelContext context) {
    if (dict == null) {
      throw new KerasInitException("layer " + owner + ": missing its cell");
    }
    Layer cell = context.innerLayers().deserialize(dict);
    if (!(cell instanceof Recurrent.Cell) && !(cell instanceof StackedCells)) {
      throw new KerasInitException("layer " + owner + ": its cell " + cell + " is not supported: keras-init knows"
          + " the cells SimpleRNNCell, LSTMCell, GRUCell and StackedRNNCells of them");
    }
    return cell;
  }

  /** Its output size and its states' sizes, flattened: Keras' {@code output_size} and {@code state_size}. */
  private static long outputSize(Layer cell) {
    return cell instanceof StackedCells ? ((StackedCells) cell).last().units() : ((Recurrent.Cell) cell).units();
  }

  private static List<Long> stateSizes(Layer cell) {
    List<Long> sizes = new ArrayList<>();
    if (cell instanceof StackedCells) {
      for (Recurrent.Cell c : ((StackedCells) cell).cells) {
        sizes.addAll(stateSizes(c));
      }
    } else {
      Recurrent.Cell c = (Recurrent.Cell) cell;
      for (int i = 0; i < c.states(); i++) {
        sizes.add(c.units());
      }
    }
    return sizes;
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = inputs.get(0); // initial states may follow the sequences
    if (in.length < 3) {
      throw new KerasInitException("layer " + this + " expects (batch, timesteps, features) inputs, got "
          + Dims.format(in));
    }
    long[] step = new long[in.length - 1];
    step[0] = in[0];
    System.arraycopy(in, 2, step, 1, in.length - 2);
    cell.ensureBuilt(List.of(step), path());
  }

  /** Keras' {@code RNN.compute_output_shape}: the output, then with {@code return_state} every state. */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = inputs.get(0);
    long units = outputSize(cell);
    List<long[]> out = new ArrayList<>();
    out.add(returnSequences ? new long[] {in[0], in[1], units} : new long[] {in[0], units});
    if (returnState) {
      for (long size : stateSizes(cell)) {
        out.add(new long[] {in[0], size});
      }
    }
    return out;
  }

  /** {@code StackedRNNCells(cells)}: builds each cell on the previous one's output size; no weights of its own. */
  public static final class StackedCells extends Layer {
    private final List<Recurrent.Cell> cells = new ArrayList<>();

    @SuppressWarnings("unchecked")
    public StackedCells(LayerConfig config, ModelContext context) {
      super(config, context);
      Object list = config.raw("cells");
      if (!(list instanceof List) || ((List<?>) list).isEmpty()) {
        throw new KerasInitException("layer " + this + ": `cells` must be a non-empty list of cells");
      }
      for (Object c : (List<?>) list) {
        Layer cell = cell(this, c instanceof Map ? (Map<String, Object>) c : null, context);
        if (!(cell instanceof Recurrent.Cell)) {
          throw new KerasInitException("layer " + this + ": its cell " + cell + " is not supported: keras-init"
              + " stacks the cells SimpleRNNCell, LSTMCell and GRUCell");
        }
        cells.add(track((Recurrent.Cell) cell));
      }
    }

    /** Keras saves the cells as its {@code cells} list. */
    @Override
    public List<SavedChild> savedChildren() {
      return List.of(SavedChild.list("cells", new ArrayList<>(cells)));
    }

    Recurrent.Cell last() {
      return cells.get(cells.size() - 1);
    }

    @Override
    protected void build(List<long[]> inputs) {
      long[] in = inputs.get(0);
      for (Recurrent.Cell c : cells) {
        c.ensureBuilt(List.of(in), path());
        in = new long[] {in[0], c.units()};
      }
    }

    /** Called alone on {@code [inputs, *states]}: the last cell's output, then every cell's new states. */
    @Override
    protected List<long[]> computeOutputShapes(List<long[]> inputs) {
      long batch = inputs.get(0)[0];
      List<long[]> out = new ArrayList<>();
      out.add(new long[] {batch, last().units()});
      if (inputs.size() > 1) {
        for (long size : stateSizes(this)) {
          out.add(new long[] {batch, size});
        }
      }
      return out;
    }
  }
}
