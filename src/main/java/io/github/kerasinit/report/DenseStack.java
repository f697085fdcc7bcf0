package io.github.kerasinit.report;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.layers.Dense;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of Dense layers: the network the signal report runs. The last layer is the output layer; the others are
 * the hidden layers whose signal the report records.
 */
public record DenseStack(String description, int inputDim, List<DenseLayer> layers) {
  /** Widths above this are refused: the report keeps every activation of a batch in memory. */
  public static final int MAX_WIDTH = 8192;
  /** Depths above this are refused: beyond it nothing new is shown, only time spent. */
  public static final int MAX_DEPTH = 1000;

  public DenseStack {
    layers = List.copyOf(layers);
    if (layers.size() < 2) {
      throw new KerasInitException(description + ": the report needs at least one hidden Dense layer before the"
          + " output layer; it has " + layers.size() + " Dense layer(s)");
    }
  }

  /** Every layer but the output layer. */
  public List<DenseLayer> hidden() {
    return layers.subList(0, layers.size() - 1);
  }

  /**
   * {@code depth} hidden Dense layers of {@code width} units with {@code activation}, on inputs of {@code width}
   * features, then a linear output layer of {@code outputs} units.
   */
  public static DenseStack deep(int depth, int width, Activation activation, int outputs) {
    requireRange("--depth", depth, 1, MAX_DEPTH);
    requireRange("--width", width, 1, MAX_WIDTH);
    requireRange("outputs", outputs, 1, MAX_WIDTH);
    List<DenseLayer> layers = new ArrayList<>();
    for (int i = 1; i <= depth; i++) {
      layers.add(new DenseLayer("dense_" + i, width, activation, true, null));
    }
    layers.add(new DenseLayer("output", outputs, Activation.LINEAR, true, null));
    return new DenseStack(depth + " x " + width + " " + activation + " (fully connected)", width, layers);
  }

  /**
   * The Dense chain of a loaded Keras model: a Sequential model, or a Functional one whose layers form a single chain,
   * made of InputLayer, Dense, Dropout (no effect at initialization) and Activation layers. Anything else is refused,
   * naming the layer. Each Dense layer keeps the kernel initializer the model gave it.
   */
  public static DenseStack fromModel(KerasModel model, String what) {
    String previous = null;
    List<DenseLayer> layers = new ArrayList<>();
    for (Layer layer : model.layers()) {
      List<String> inputs = model.inputsOf(layer);
      if (!inputs.equals(previous == null ? List.of() : List.of(previous))) {
        throw new KerasInitException(what + ": layer \"" + layer.name() + "\" takes " + (inputs.isEmpty()
            ? "no input" : inputs) + ", not just the previous layer" + (previous == null ? "" : " \"" + previous
            + "\"") + "; the report runs single chains of layers only");
      }
      previous = layer.name();
      switch (layer.className()) {
        case "InputLayer", "Dropout", "SpatialDropout1D", "GaussianDropout", "GaussianNoise" -> { }
        case "Dense" -> {
          Dense dense = (Dense) layer;
          requireRange("units of layer \"" + dense.name() + "\"", dense.units(), 1, MAX_WIDTH);
          layers.add(new DenseLayer(dense.name(), (int) dense.units(), Activation.of(dense.config().raw("activation")),
              dense.useBias(), dense.kernelInitializer()));
        }
        case "Activation" -> {
          DenseLayer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
          if (last == null || last.activation() != Activation.LINEAR) {
            throw new KerasInitException(what + ": Activation layer \"" + layer.name()
                + "\" must follow a linear Dense layer");
          }
          layers.set(layers.size() - 1, new DenseLayer(last.name(), last.units(),
              Activation.of(layer.config().raw("activation")), last.useBias(), last.configured()));
        }
        default -> throw new KerasInitException(what + ": layer \"" + layer.name() + "\" is " + layer.className()
            + "; the report runs chains of Dense layers (with InputLayer, Dropout and Activation layers), not "
            + layer.className());
      }
    }
    long inputDim = inputDim(model);
    if (inputDim < 1) {
      throw new KerasInitException(what + ": its input is not [batch, features] in the config (an InputLayer's"
          + " batch_shape or a first layer's batch_input_shape)");
    }
    requireRange("the input size of " + what, inputDim, 1, MAX_WIDTH);
    return new DenseStack(what + " (" + model.className() + ")", (int) inputDim, layers);
  }

  /**
   * The input size: the second dim of the declared input shape ({@code batch_shape} of an InputLayer, Keras 2's
   * {@code batch_input_shape} on the first layer), which must be {@code [batch, features]}; -1 when undeclared.
   */
  private static long inputDim(KerasModel model) {
    for (String key : List.of("batch_shape", "batch_input_shape")) {
      Object shape = model.layers().isEmpty() ? null : model.layers().get(0).config().raw(key);
      if (shape instanceof List<?> dims) {
        return dims.size() == 2 && dims.get(1) instanceof Number n ? n.longValue() : -1;
      }
    }
    return -1;
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new KerasInitException(name + " must be " + min + ".." + max + ", got " + value);
    }
  }
}
