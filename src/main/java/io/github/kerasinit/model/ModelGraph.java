package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.InnerLayers;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.layers.InputLayer;
import io.github.kerasinit.model.layers.NestedModel;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Sequential or Functional model's layers and connections, reconstructed as Keras' {@code from_config} does:
 * every layer is deserialized in config order (constructor draws, build from {@code build_config}), then nodes are
 * processed layer by layer in config order, a layer's nodes in order, deferring a node until its inputs exist. Each
 * call builds a layer that is not built yet and gives its output shapes.
 *
 * <p>Both node formats: Keras 3 ({@code {"args": [...], "kwargs": {...}}} with {@code __keras_tensor__} entries) and
 * Keras 2 ({@code [[name, node, tensor, kwargs], ...]}, where a nested model's node 0 is its own internal node).
 */
final class ModelGraph implements InnerLayers.Graph {
  private final String name;
  private final boolean sequential;
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Layer> byName = new HashMap<>();
  private final Map<Layer, List<Object>> nodes = new LinkedHashMap<>();
  private final List<Object> inputRefs;
  private final List<Object> outputRefs;
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
    name = config.get("name") instanceof String ? (String) config.get("name") : cls.toLowerCase();
    for (Object d : layerDicts) {
      if (!(d instanceof Map)) {
        throw new KerasInitException("model \"" + name + "\": a layer entry is not an object: "
            + PythonText.abbreviate(String.valueOf(d)));
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
        nodes.put(layer, (List<Object>) inbound);
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
    return layers;
  }

  /** A single [name, node, tensor] ref or a (nested) list / dict of them, flattened in order. */
  private List<Object> refs(Object value, String key) {
    List<Object> out = new ArrayList<>();
    flattenRefs(value, out);
    if (out.isEmpty()) {
      throw new KerasInitException("model \"" + name + "\": missing or empty \"" + key + "\"");
    }
    return out;
  }

  private static void flattenRefs(Object value, List<Object> out) {
    if (value instanceof List && !((List<?>) value).isEmpty() && ((List<?>) value).get(0) instanceof String) {
      out.add(value);
    } else if (value instanceof List) {
      for (Object v : (List<?>) value) {
        flattenRefs(v, out);
      }
    } else if (value instanceof Map) {
      for (Object v : ((Map<?, ?>) value).values()) {
        flattenRefs(v, out);
      }
    }
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
    Layer skipped = null;
    for (Layer layer : layers) {
      if (layer instanceof InputLayer) {
        continue;
      }
      if (skipped != null) {
        throw new KerasInitException("the output shape of skipped layer " + skipped + " is unknown, and layer "
            + layer + " after it in Sequential \"" + name + "\" needs it");
      }
      List<long[]> out = layer.call(current, scope);
      if (out == null) {
        skipped = layer;
      } else {
        current = List.of(out.get(0));
      }
    }
    return skipped != null ? null : current;
  }

  private List<long[]> runFunctional(List<long[]> given) {
    Map<String, long[]> tensors = new HashMap<>();
    Map<Layer, Integer> calls = new HashMap<>();
    for (int i = 0; i < inputRefs.size(); i++) {
      List<?> ref = (List<?>) inputRefs.get(i);
      Layer input = layer((String) ref.get(0), "input_layers");
      long[] shape = given != null && i < given.size() ? given.get(i)
          : input instanceof InputLayer ? ((InputLayer) input).batchShape() : null;
      if (shape == null) {
        throw new KerasInitException("model \"" + name + "\": no shape for input " + input);
      }
      tensors.put(key(input.name(), 0, 0), shape);
    }
    Map<Layer, Deque<Object>> pending = new LinkedHashMap<>();
    for (Map.Entry<Layer, List<Object>> e : nodes.entrySet()) {
      pending.put(e.getKey(), new ArrayDeque<>(e.getValue()));
    }
    while (!pending.isEmpty()) {
      boolean progress = false;
      for (Layer layer : layers) {
        Deque<Object> queue = pending.get(layer);
        if (queue == null) {
          continue;
        }
        while (!queue.isEmpty()) {
          List<long[]> inputs = resolve(queue.peek(), tensors, layer);
          if (inputs == null) {
            break;
          }
          List<long[]> outputs = layer.call(inputs, "");
          int nodeIndex = nodeOffset(layer) + calls.merge(layer, 1, Integer::sum) - 1;
          if (outputs != null) {
            for (int t = 0; t < outputs.size(); t++) {
              tensors.put(key(layer.name(), nodeIndex, t), outputs.get(t));
            }
          } else {
            tensors.put(key(layer.name(), nodeIndex, -1), new long[0]); // marks an unknown output
          }
          queue.poll();
          progress = true;
        }
        if (queue.isEmpty()) {
          pending.remove(layer);
        }
      }
      if (!progress) {
        Map.Entry<Layer, Deque<Object>> stuck = pending.entrySet().iterator().next();
        throw new KerasInitException("model \"" + name + "\": the inputs of layer " + stuck.getKey()
            + " never become available (a missing layer or node, or a cycle): " + missing(stuck.getValue().peek(),
                tensors));
      }
    }
    List<long[]> out = new ArrayList<>();
    for (Object r : outputRefs) {
      List<?> ref = (List<?>) r;
      long[] shape = tensors.get(key((String) ref.get(0), index(ref, 1), index(ref, 2)));
      if (shape == null) {
        throw new KerasInitException("model \"" + name + "\": output " + ref + " was never computed");
      }
      out.add(shape);
    }
    return out;
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

  /** The input shapes of one node, or null while one is not computed yet. */
  private List<long[]> resolve(Object node, Map<String, long[]> tensors, Layer consumer) {
    List<Object[]> refs = new ArrayList<>(); // {name, node, tensor, recordedShape}
    if (node instanceof Map) {
      Map<?, ?> n = (Map<?, ?>) node;
      collectKeras3(n.get("args"), refs);
      Object kwargs = n.get("kwargs");
      if (kwargs instanceof Map) {
        for (String k : List.of("value", "key")) {
          collectKeras3(((Map<?, ?>) kwargs).get(k), refs);
        }
      }
    } else if (node instanceof List) {
      for (Object entry : (List<?>) node) {
        if (entry instanceof List && !((List<?>) entry).isEmpty() && ((List<?>) entry).get(0) instanceof String) {
          List<?> e = (List<?>) entry;
          refs.add(new Object[] {e.get(0), index(e, 1), index(e, 2), null});
          if (e.size() > 3 && e.get(3) instanceof Map) {
            for (String k : List.of("value", "key")) {
              Object kw = ((Map<?, ?>) e.get(3)).get(k);
              if (kw instanceof List && !((List<?>) kw).isEmpty() && ((List<?>) kw).get(0) instanceof String) {
                List<?> r = (List<?>) kw;
                refs.add(new Object[] {r.get(0), index(r, 1), index(r, 2), null});
              }
            }
          }
        }
      }
    } else {
      throw new KerasInitException("layer " + consumer + ": unreadable inbound node " + PythonText.abbreviate(String.valueOf(node)));
    }
    List<long[]> shapes = new ArrayList<>();
    for (Object[] r : refs) {
      String producer = (String) r[0];
      layer(producer, "layer " + consumer + "'s inbound node");
      long[] shape = tensors.get(key(producer, (Integer) r[1], (Integer) r[2]));
      if (shape == null && tensors.containsKey(key(producer, (Integer) r[1], -1))) {
        if (r[3] == null) {
          throw new KerasInitException("layer " + consumer + " needs the output shape of skipped layer \""
              + producer + "\", which the config does not record");
        }
        shape = (long[]) r[3];
      }
      if (shape == null) {
        return null;
      }
      shapes.add(shape);
    }
    return shapes;
  }

  private static void collectKeras3(Object arg, List<Object[]> refs) {
    if (arg instanceof Map && "__keras_tensor__".equals(((Map<?, ?>) arg).get("class_name"))) {
      Map<?, ?> cfg = (Map<?, ?>) ((Map<?, ?>) arg).get("config");
      List<?> history = (List<?>) cfg.get("keras_history");
      long[] recorded = cfg.get("shape") instanceof List ? Dims.parseShape(cfg.get("shape")) : null;
      refs.add(new Object[] {history.get(0), index(history, 1), index(history, 2), recorded});
    } else if (arg instanceof List) {
      for (Object a : (List<?>) arg) {
        collectKeras3(a, refs);
      }
    }
  }

  private String missing(Object node, Map<String, long[]> tensors) {
    return PythonText.abbreviate(String.valueOf(node));
  }

  private static int index(List<?> ref, int i) {
    return ref.size() > i && ref.get(i) instanceof Number ? ((Number) ref.get(i)).intValue() : 0;
  }

  private static String key(String layer, int node, int tensor) {
    return layer + "\u0000" + node + "\u0000" + tensor;
  }
}
