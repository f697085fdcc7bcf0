package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two formats a model config writes a layer's inputs in, read into {@link TensorRef}s:
 * <ul>
 *   <li>Keras 3: a node is {@code {"args": [...], "kwargs": {...}}} whose tensors are {@code __keras_tensor__} dicts
 *       ({@code {"config": {"shape": [...], "keras_history": [layer, node, tensor]}}});</li>
 *   <li>Keras 2: a node is a list of {@code [layer, node, tensor, kwargs]} entries.</li>
 * </ul>
 * In both, MultiHeadAttention's {@code value} and {@code key} arrive as keyword arguments and count as inputs after
 * the positional ones.
 */
final class InboundNodes {
  private static final List<String> TENSOR_KWARGS = List.of("value", "key");

  private InboundNodes() {}

  /** The tensors one call ({@code node}) of {@code consumer} takes, in order. */
  static List<TensorRef> read(Object node, String consumer) {
    List<TensorRef> refs = new ArrayList<>();
    if (node instanceof Map) {
      Map<?, ?> call = (Map<?, ?>) node;
      keras3(call.get("args"), refs);
      if (call.get("kwargs") instanceof Map) {
        for (String k : TENSOR_KWARGS) {
          keras3(((Map<?, ?>) call.get("kwargs")).get(k), refs);
        }
      }
    } else if (node instanceof List) {
      for (Object entry : (List<?>) node) {
        if (isKeras2Ref(entry)) {
          List<?> e = (List<?>) entry;
          refs.add(keras2(e));
          if (e.size() > 3 && e.get(3) instanceof Map) {
            for (String k : TENSOR_KWARGS) {
              Object kwarg = ((Map<?, ?>) e.get(3)).get(k);
              if (isKeras2Ref(kwarg)) {
                refs.add(keras2((List<?>) kwarg));
              }
            }
          }
        }
      }
    } else {
      throw new KerasInitException("layer " + consumer + ": unreadable inbound node "
          + PythonText.abbreviate(PythonText.json(node)));
    }
    return refs;
  }

  /**
   * The keyword arguments of one call that are not tensors ({@code return_attention_scores}, {@code reverse}): a
   * Keras 3 node's {@code kwargs}, a Keras 2 node's fourth entry; empty where the node has none.
   */
  static Map<String, Object> callArgs(Object node) {
    Object kwargs = null;
    if (node instanceof Map) {
      kwargs = ((Map<?, ?>) node).get("kwargs");
    } else if (node instanceof List && !((List<?>) node).isEmpty() && isKeras2Ref(((List<?>) node).get(0))) {
      List<?> first = (List<?>) ((List<?>) node).get(0);
      kwargs = first.size() > 3 ? first.get(3) : null;
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    if (kwargs instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) kwargs).entrySet()) {
        if (e.getKey() instanceof String && !TENSOR_KWARGS.contains(e.getKey())) {
          out.put((String) e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  /**
   * A model's {@code input_layers} / {@code output_layers}: one {@code [layer, node, tensor]} or a (nested) list or
   * dict of them, flattened in order.
   */
  static List<TensorRef> modelEnds(Object value) {
    List<TensorRef> out = new ArrayList<>();
    flatten(value, out);
    return out;
  }

  private static void flatten(Object value, List<TensorRef> out) {
    if (isKeras2Ref(value)) {
      out.add(keras2((List<?>) value));
    } else if (value instanceof List) {
      for (Object v : (List<?>) value) {
        flatten(v, out);
      }
    } else if (value instanceof Map) {
      for (Object v : ((Map<?, ?>) value).values()) {
        flatten(v, out);
      }
    }
  }

  private static void keras3(Object arg, List<TensorRef> refs) {
    if (arg instanceof Map && "__keras_tensor__".equals(((Map<?, ?>) arg).get("class_name"))) {
      Object cfg = ((Map<?, ?>) arg).get("config");
      Object history = cfg instanceof Map ? ((Map<?, ?>) cfg).get("keras_history") : null;
      if (!isKeras2Ref(history)) {
        throw new KerasInitException("a __keras_tensor__ without a [layer, node, tensor] keras_history: "
            + PythonText.abbreviate(PythonText.json(arg)));
      }
      refs.add(withRecordedShape((List<?>) history, (Map<?, ?>) cfg));
    } else if (arg instanceof List) {
      for (Object a : (List<?>) arg) {
        keras3(a, refs);
      }
    }
  }

  private static TensorRef withRecordedShape(List<?> history, Map<?, ?> cfg) {
    long[] recorded = cfg.get("shape") instanceof List ? Dims.parseShape(cfg.get("shape")) : null;
    return new TensorRef((String) history.get(0), index(history, 1), index(history, 2), recorded);
  }

  private static boolean isKeras2Ref(Object value) {
    return value instanceof List && !((List<?>) value).isEmpty() && ((List<?>) value).get(0) instanceof String;
  }

  private static TensorRef keras2(List<?> ref) {
    return new TensorRef((String) ref.get(0), index(ref, 1), index(ref, 2), null);
  }

  private static int index(List<?> ref, int i) {
    return ref.size() > i && ref.get(i) instanceof Number ? ((Number) ref.get(i)).intValue() : 0;
  }
}
