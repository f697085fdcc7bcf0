package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.InnerLayers;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.layers.InputLayer;
import io.github.kerasinit.model.layers.NestedModel;
import io.github.kerasinit.model.layers.OpLayer;
import io.github.kerasinit.model.layers.UnsupportedLayer;
import io.github.kerasinit.model.layers.WeightlessLayer;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Sequential or Functional model's layers and connections, reconstructed as Keras' {@code from_config} does:
 * every layer is deserialized in config order (constructor draws, build from {@code build_config}), then nodes are
 * processed layer by layer in config order, a layer's nodes in order, deferring a node until its inputs exist. Each
 * call builds a layer that is not built yet and gives its output shapes.
 *
 * <p>The inbound nodes of both formats are read by {@link InboundNodes} into {@link TensorRef}s; in Keras 2 files a
 * nested model's node 0 is its own internal node, so its calls count from 1.
 */
final class ModelGraph implements InnerLayers.Graph {
  /**
   * Layers Keras calls on a list or tuple of tensors: the merges and Dot. (Attention takes only a list, and a
   * Bidirectional's two outputs are a tuple: Keras refuses that pair, as keras-init does.)
   */
  private static final Set<String> LIST_INPUTS = Set.of("Add", "Subtract", "Multiply", "Average", "Maximum",
      "Minimum", "Concatenate", "Dot");

  /**
   * Weightless elementwise layers without an InputSpec, which Keras applies to each tensor of a list (checked in
   * Keras 3.15.1 after a Bidirectional with merge_mode None; SpatialDropout1D and Masking, elementwise too, refuse the
   * list).
   */
  private static final Set<String> MAPPED_OVER_LISTS = Set.of("Activation", "ReLU", "LeakyReLU", "ELU", "Softmax",
      "Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity", "Rescaling",
      "UnitNormalization");

  private final String name;
  private final boolean sequential;
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Layer> byName = new HashMap<>();
  private final Map<Layer, List<List<TensorRef>>> nodes = new LinkedHashMap<>(); // each call's inputs, per layer
  private final Map<Layer, List<Map<String, Object>>> callArgs = new HashMap<>(); // each call's keyword arguments
  private final List<TensorRef> inputRefs;
  private final List<TensorRef> outputRefs;
  private final long[] declaredSequentialInput;
  private final LayerFactory factory;

  @SuppressWarnings("unchecked")
  ModelGraph(Map<String, Object> modelDict, LayerFactory factory) {
    this.factory = factory;
    String cls = (String) modelDict.get("class_name");
    Object cfg = modelDict.get("config");
    sequential = "Sequential".equals(cls);
    List<Object> layerDicts;
    Map<String, Object> config;
    if (cfg instanceof List) { // Keras <= 2.1: a Sequential's config is the bare list of layers
      layerDicts = (List<Object>) cfg;
      config = Map.of();
    } else if (cfg instanceof Map) {
      config = (Map<String, Object>) cfg;
      Object l = config.get("layers");
      if (!(l instanceof List)) {
        throw new KerasInitException("model \"" + config.get("name") + "\" (" + cls + ") has no \"layers\" list");
      }
      layerDicts = (List<Object>) l;
    } else {
      throw new KerasInitException("model (" + cls + ") has no config");
    }
    name = config.get("name") instanceof String ? LayerConfig.checkName((String) config.get("name"), cls)
        : cls.toLowerCase(java.util.Locale.ROOT);
    for (Object d : layerDicts) {
      if (!(d instanceof Map)) {
        throw new KerasInitException("model \"" + name + "\": a layer entry is not an object: "
            + PythonText.abbreviate(PythonText.json(d)));
      }
      Map<String, Object> dict = (Map<String, Object>) d;
      Layer layer = factory.deserialize(dict);
      if (byName.containsKey(layer.name())) {
        throw new KerasInitException("model \"" + name + "\" has two layers named \"" + layer.name() + "\"");
      }
      layers.add(layer);
      byName.put(layer.name(), layer);
      Object inbound = dict.get("inbound_nodes");
      if (!sequential && inbound instanceof List && !((List<?>) inbound).isEmpty()) {
        List<List<TensorRef>> calls = new ArrayList<>();
        List<Map<String, Object>> args = new ArrayList<>();
        for (Object node : (List<?>) inbound) {
          calls.add(InboundNodes.read(node, layer.toString()));
          args.add(InboundNodes.callArgs(node));
        }
        nodes.put(layer, calls);
        callArgs.put(layer, args);
      }
    }
    inputRefs = sequential ? List.of() : refs(config.get("input_layers"), "input_layers");
    outputRefs = sequential ? List.of() : refs(config.get("output_layers"), "output_layers");
    declaredSequentialInput = sequential ? sequentialInput(config, layerDicts) : null;
  }

  String name() {
    return name;
  }

  @Override
  public List<Layer> layers() {
    return java.util.Collections.unmodifiableList(layers);
  }

  @Override
  public List<Layer> modelLayers() {
    List<Layer> out = new ArrayList<>();
    for (Layer layer : layers) {
      if (!(layer instanceof OpLayer) && !(sequential && layer instanceof InputLayer)) {
        out.add(layer);
      }
    }
    return out;
  }

  /** A model's input_layers or output_layers, which a Functional model must have. */
  private List<TensorRef> refs(Object value, String key) {
    List<TensorRef> out = InboundNodes.modelEnds(value);
    if (out.isEmpty()) {
      throw new KerasInitException("model \"" + name + "\": missing or empty \"" + key + "\"");
    }
    return out;
  }

  /**
   * The tensor an output_layers entry names. In a Keras 3 config the node index of a nested Functional there counts a
   * built-in node that its calls in this model do not have: Keras' functional_from_config subtracts 1 ("Functional
   * models start out with a built-in node"), where an inbound node's keras_history is taken as it is; -1 is then
   * Python's index of the last call.
   */
  private TensorRef.Id outputTensor(TensorRef output, Map<Layer, Integer> calls) {
    Layer producer = byName.get(output.layer());
    if (factory.keras2() || !(producer instanceof NestedModel) || "Sequential".equals(producer.className())) {
      return output.id();
    }
    int node = output.node() - 1;
    if (node == -1) {
      node = calls.getOrDefault(producer, 0) - 1;
    }
    return new TensorRef.Id(output.layer(), node, output.tensor());
  }

  @SuppressWarnings("unchecked")
  private long[] sequentialInput(Map<String, Object> config, List<Object> layerDicts) {
    for (Layer l : layers) {
      if (l instanceof InputLayer) {
        return ((InputLayer) l).batchShape();
      }
    }
    if (!layerDicts.isEmpty()) {
      Map<String, Object> first = (Map<String, Object>) ((Map<String, Object>) layerDicts.get(0)).get("config");
      if (first != null) {
        for (String key : List.of("batch_input_shape", "batch_shape")) {
          if (first.get(key) != null) {
            return Dims.parseShape(first.get(key));
          }
        }
      }
    }
    if (config.get("build_input_shape") != null) {
      return Dims.parseShape(config.get("build_input_shape"));
    }
    return null;
  }

  /**
   * Propagates shapes (building layers on their first call) and returns the output shapes. {@code inputs} null
   * means the shapes the model declares.
   */
  @Override
  public List<long[]> run(List<long[]> inputs) {
    return run(inputs, "");
  }

  /**
   * As {@link #run(List)}, inside the name scope of whatever calls the model. A Sequential builds the layers that
   * are not built yet inside its own scope (Keras 3: {@code mlp/dense/kernel} for a config without build_config,
   * even at the top level); a Functional calls its layers outside any scope.
   */
  @Override
  public List<long[]> run(List<long[]> inputs, String scope) {
    return sequential ? runSequential(inputs, scope.isEmpty() ? name : scope + "/" + name) : runFunctional(inputs);
  }

  /**
   * The layers whose outputs {@code layer} takes, over all its calls, in order: a Sequential layer takes the one
   * before it, a Functional layer what its inbound nodes name; an input takes none.
   */
  List<String> inputsOf(Layer layer) {
    if (sequential) {
      int i = layers.indexOf(layer);
      return i <= 0 ? List.of() : List.of(layers.get(i - 1).name());
    }
    List<String> out = new ArrayList<>();
    for (List<TensorRef> call : nodes.getOrDefault(layer, List.of())) {
      call.forEach(ref -> out.add(ref.layer()));
    }
    return out;
  }

  /** Whether the model says its input shapes (a Sequential may not, until it is called). */
  @Override
  public boolean declaresInputs() {
    return !sequential || declaredSequentialInput != null;
  }

  private List<long[]> runSequential(List<long[]> inputs, String scope) {
    long[] shape = inputs != null ? inputs.get(0) : declaredSequentialInput;
    if (shape == null) {
      throw new KerasInitException("Sequential model \"" + name + "\" does not say its input shape (no InputLayer,"
          + " batch_input_shape or build_input_shape)");
    }
    List<long[]> current = List.of(shape);
    Layer unknown = null; // the layer whose output shapes are unknown, if the last one's are
    for (Layer layer : layers) {
      if (layer instanceof InputLayer) {
        continue;
      }
      if (unknown != null) {
        // Keras 3 files record the shapes each layer was built with: the next layer's are the unknown outputs
        Object recorded = layer.config().buildInputShape();
        if (recorded == null) {
          throw new KerasInitException("the output shape of " + whyUnknown(unknown) + ", and layer " + layer
              + " after it in Sequential \"" + name + "\" needs it");
        }
        current = Dims.parseShapes(recorded);
        unknown = null;
      }
      checkSequentialInputs(layer, current);
      boolean mapped = current.size() > 1 && MAPPED_OVER_LISTS.contains(layer.className());
      List<long[]> out = layer.call(mapped ? List.of(current.get(0)) : current, scope);
      if (out != null && mapped) {
        out = current; // each tensor through the same elementwise layer: the same shapes
      }
      if (out == null) {
        unknown = layer;
      } else {
        current = out;
      }
    }
    return unknown != null ? null : current;
  }

  /** Why a layer's output shape is unknown, in the user's terms: "layer X is unknown: ..." */
  private static String whyUnknown(Layer layer) {
    if (layer instanceof UnsupportedLayer) {
      return "skipped layer " + layer + " is unknown";
    }
    if ("Lambda".equals(layer.className())) {
      return "layer " + layer + " is unknown (" + WeightlessLayer.LAMBDA_HINT + ")";
    }
    return "layer " + layer + " is unknown (keras-init has no shape rule for it with this config, and the config"
        + " does not record it)";
  }

  /**
   * A Sequential passes each layer's output on as it is: one tensor, or the list of a layer with several outputs
   * (Bidirectional with merge_mode None, an RNN with return_state). Keras refuses a list-taking layer given one tensor
   * ("A merge layer should be called on a list of inputs") and a layer with an InputSpec given a list ("expects 1
   * input(s), but it received 2 input tensors"); a nested model takes what it is given.
   */
  private void checkSequentialInputs(Layer layer, List<long[]> current) {
    boolean takesList = LIST_INPUTS.contains(layer.className());
    if (takesList && current.size() == 1) {
      throw new KerasInitException("layer " + layer + " takes a list of inputs, as Keras requires, but in Sequential \""
          + name + "\" it gets the one tensor of the layer before it");
    }
    if (!takesList && current.size() > 1 && !(layer instanceof NestedModel)
        && !MAPPED_OVER_LISTS.contains(layer.className())) {
      throw new KerasInitException("layer " + layer + " takes one input, as Keras requires, but in Sequential \"" + name
          + "\" it gets the " + current.size() + " outputs of the layer before it: "
          + current.stream().map(Dims::format).collect(Collectors.joining(", ")));
    }
  }

  private List<long[]> runFunctional(List<long[]> given) {
    Map<TensorRef.Id, long[]> tensors = new HashMap<>();
    Map<Layer, Integer> calls = new HashMap<>();
    for (int i = 0; i < inputRefs.size(); i++) {
      Layer input = layer(inputRefs.get(i).layer(), "input_layers");
      long[] shape = given != null && i < given.size() ? given.get(i)
          : input instanceof InputLayer ? ((InputLayer) input).batchShape() : null;
      if (shape == null) {
        throw new KerasInitException("model \"" + name + "\": no shape for input " + input);
      }
      tensors.put(new TensorRef.Id(input.name(), 0, 0), shape);
    }
    Map<Layer, Deque<List<TensorRef>>> pending = new LinkedHashMap<>();
    for (Map.Entry<Layer, List<List<TensorRef>>> e : nodes.entrySet()) {
      pending.put(e.getKey(), new ArrayDeque<>(e.getValue()));
    }
    while (!pending.isEmpty()) {
      boolean progress = false;
      for (Layer layer : layers) {
        Deque<List<TensorRef>> queue = pending.get(layer);
        if (queue == null) {
          continue;
        }
        while (!queue.isEmpty()) {
          List<long[]> inputs = resolve(queue.peek(), tensors, layer);
          if (inputs == null) {
            break;
          }
          int call = calls.merge(layer, 1, Integer::sum) - 1;
          List<long[]> outputs = layer.call(inputs, "", callArgs.get(layer).get(call));
          int nodeIndex = nodeOffset(layer) + call;
          if (outputs != null) {
            for (int t = 0; t < outputs.size(); t++) {
              tensors.put(new TensorRef.Id(layer.name(), nodeIndex, t), outputs.get(t));
            }
          } else {
            tensors.put(unknownOutputs(layer.name(), nodeIndex), new long[0]);
          }
          queue.poll();
          progress = true;
        }
        if (queue.isEmpty()) {
          pending.remove(layer);
        }
      }
      if (!progress) {
        Map.Entry<Layer, Deque<List<TensorRef>>> stuck = pending.entrySet().iterator().next();
        throw new KerasInitException("model \"" + name + "\": the inputs of layer " + stuck.getKey()
            + " never become available (a missing layer or node, or a cycle): " + describe(stuck.getValue().peek()));
      }
    }
    List<long[]> out = new ArrayList<>();
    for (TensorRef ref : outputRefs) {
      TensorRef.Id tensor = outputTensor(ref, calls);
      long[] shape = tensors.get(tensor);
      if (shape == null && tensors.containsKey(unknownOutputs(tensor.layer(), tensor.node()))) {
        return null; // an output of a skipped layer or an op without a shape rule: unknown to whoever calls this model
      }
      if (shape == null) {
        throw new KerasInitException("model \"" + name + "\": output " + describe(ref) + " was never computed");
      }
      out.add(shape);
    }
    return out;
  }

  /** Marks a call of a skipped layer, whose outputs are unknown. */
  private static TensorRef.Id unknownOutputs(String layer, int node) {
    return new TensorRef.Id(layer, node, -1);
  }

  private int nodeOffset(Layer layer) {
    return factory.keras2() && layer instanceof NestedModel ? 1 : 0;
  }

  private Layer layer(String layerName, String where) {
    Layer l = byName.get(layerName);
    if (l == null) {
      throw new KerasInitException("model \"" + name + "\": " + where + " names layer \"" + layerName
          + "\", which is not in the model");
    }
    return l;
  }

  /** The input shapes of one call, or null while one of them is not computed yet. */
  private List<long[]> resolve(List<TensorRef> refs, Map<TensorRef.Id, long[]> tensors, Layer consumer) {
    List<long[]> shapes = new ArrayList<>();
    for (TensorRef ref : refs) {
      Layer producer = layer(ref.layer(), "layer " + consumer + "'s inbound node");
      long[] shape = tensors.get(ref.id());
      boolean called = shape != null || tensors.containsKey(unknownOutputs(ref.layer(), ref.node()));
      boolean ruled = producer instanceof OpLayer || producer instanceof WeightlessLayer;
      if (called && ruled && ref.recordedShape() != null) {
        shape = ref.recordedShape(); // what Keras recorded for an op or a weightless layer beats our rule for it
      } else if (shape == null && called) {
        if (ref.recordedShape() == null) {
          String what = producer instanceof OpLayer ? "op \"" + ref.layer() + "\" (" + ((OpLayer) producer)
              .qualifiedName() + "), which the config does not record and keras-init has no shape rule for"
              : producer instanceof WeightlessLayer ? "layer \"" + ref.layer() + "\" (" + producer.className()
              + "), which the config does not record and keras-init has no shape rule for"
              + ("Lambda".equals(producer.className()) ? " (" + WeightlessLayer.LAMBDA_HINT + ")" : "")
              : "skipped layer \"" + ref.layer() + "\", which the config does not record";
          throw new KerasInitException("layer " + consumer + " needs the output shape of " + what);
        }
        shape = ref.recordedShape();
      }
      if (shape == null) {
        return null;
      }
      shapes.add(shape);
    }
    return shapes;
  }

  /** Tensor references as a config writes them: [[layer, node, tensor], ...]. */
  private static String describe(List<TensorRef> refs) {
    return refs.stream().map(ModelGraph::describe).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  private static String describe(TensorRef ref) {
    return "[" + ref.layer() + ", " + ref.node() + ", " + ref.tensor() + "]";
  }
}
