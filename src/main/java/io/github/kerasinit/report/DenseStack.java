package io.github.kerasinit.report;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.model.ModelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
   * The Dense chain of a Keras model config ({@code .json}, {@code .keras}, {@code .h5}): a Sequential model, or a
   * Functional one whose layers form a single chain, made of InputLayer, Dense, Dropout (no effect at
   * initialization) and Activation layers. Anything else is refused, naming the layer.
   */
  public static DenseStack fromModel(Path file) {
    Map<String, Object> model = ModelFiles.read(file);
    String what = "model " + file.getFileName();
    Object config = model.get("config");
    Object layerList = config instanceof Map<?, ?> c ? c.get("layers") : config; // Keras 2.0: a bare list
    if (!(layerList instanceof List<?> entries)) {
      throw new KerasInitException(what + ": no layer list in its config");
    }
    int inputDim = -1;
    String previous = null;
    List<DenseLayer> layers = new ArrayList<>();
    for (Object entry : entries) {
      Map<String, Object> layer = asMap(entry, what);
      String cls = String.valueOf(layer.get("class_name"));
      Map<String, Object> cfg = layer.get("config") instanceof Map<?, ?> ? asMap(layer.get("config"), what) : Map.of();
      String name = String.valueOf(cfg.getOrDefault("name", cls));
      requireChain(what, name, layer, previous);
      previous = name;
      if (inputDim < 0) {
        inputDim = inputDim(cfg);
      }
      switch (cls) {
        case "InputLayer", "Dropout", "SpatialDropout1D", "GaussianDropout", "GaussianNoise" -> { }
        case "Dense" -> layers.add(new DenseLayer(name, (int) units(cfg, what, name), Activation.of(cfg.get("activation")),
            !Boolean.FALSE.equals(cfg.get("use_bias")), Initializers.get(cfg.getOrDefault("kernel_initializer",
                "glorot_uniform"))));
        case "Activation" -> {
          DenseLayer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
          if (last == null || last.activation() != Activation.LINEAR) {
            throw new KerasInitException(what + ": Activation layer \"" + name + "\" must follow a linear Dense layer");
          }
          layers.set(layers.size() - 1, new DenseLayer(last.name(), last.units(), Activation.of(cfg.get("activation")),
              last.useBias(), last.configured()));
        }
        default -> throw new KerasInitException(what + ": layer \"" + name + "\" is " + cls + "; the report runs"
            + " chains of Dense layers (with InputLayer, Dropout and Activation layers), not " + cls);
      }
    }
    if (inputDim < 1) {
      throw new KerasInitException(what + ": its input size is not in the config (no InputLayer shape or"
          + " batch_input_shape)");
    }
    requireRange("the input size of " + what, inputDim, 1, MAX_WIDTH);
    for (DenseLayer l : layers) {
      requireRange("units of layer \"" + l.name() + "\"", l.units(), 1, MAX_WIDTH);
    }
    return new DenseStack(what + " (" + model.get("class_name") + ")", inputDim, layers);
  }

  private static long units(Map<String, Object> cfg, String what, String name) {
    if (cfg.get("units") instanceof Number n) {
      return n.longValue();
    }
    throw new KerasInitException(what + ": Dense layer \"" + name + "\" has no integer units: " + cfg.get("units"));
  }

  /** The last dim of an input shape (Keras 3 {@code batch_shape}, Keras 2 {@code batch_input_shape}), or -1. */
  private static int inputDim(Map<String, Object> cfg) {
    for (String key : List.of("batch_shape", "batch_input_shape")) {
      if (cfg.get(key) instanceof List<?> shape && shape.size() == 2 && shape.get(1) instanceof Number n) {
        return n.intValue();
      }
    }
    return -1;
  }

  /** In a Functional config, each layer must take exactly the previous layer's output: a chain. */
  private static void requireChain(String what, String name, Map<String, Object> layer, String previous) {
    Object nodes = layer.get("inbound_nodes");
    if (nodes == null) {
      return; // Sequential
    }
    List<String> inbound = new ArrayList<>();
    collectLayerNames(nodes, inbound);
    boolean ok = previous == null ? inbound.isEmpty() : inbound.equals(List.of(previous));
    if (!ok) {
      throw new KerasInitException(what + ": layer \"" + name + "\" takes " + (inbound.isEmpty() ? "no input"
          : inbound) + ", not just the previous layer" + (previous == null ? "" : " \"" + previous + "\"")
          + "; the report runs single chains of layers only");
    }
  }

  /** Layer names inside inbound_nodes, Keras 2 ([[["name", 0, 0, {}]]]) or Keras 3 ({"args": [keras_history]}). */
  private static void collectLayerNames(Object node, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("keras_history") instanceof List<?> h && !h.isEmpty() && h.get(0) instanceof String s) {
        out.add(s);
        return;
      }
      if (m.get("config") instanceof Map<?, ?> c && c.get("keras_history") instanceof List<?> h && !h.isEmpty()
          && h.get(0) instanceof String s) {
        out.add(s);
        return;
      }
      for (Object v : m.values()) {
        collectLayerNames(v, out);
      }
    } else if (node instanceof List<?> list) {
      if (list.size() >= 3 && list.get(0) instanceof String s && list.get(1) instanceof Number) {
        out.add(s);
        return;
      }
      for (Object v : list) {
        collectLayerNames(v, out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new KerasInitException(what + ": a layer entry is not an object: " + o);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new KerasInitException(name + " must be " + min + ".." + max + ", got " + value);
    }
  }
}
