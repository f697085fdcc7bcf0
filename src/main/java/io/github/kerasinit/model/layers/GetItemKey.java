package io.github.kerasinit.model.layers;

import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.tensor.PyValues;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key of a Keras 3 {@code GetItem} op ({@code x[:, 1:3, None, ..., -1]}): not in the op's config but in its call,
 * as the second positional argument of its one inbound node: an int, or a list whose items are ints, {@code null}
 * (newaxis), {@code {"class_name": "__slice__", "config": {"start", "stop", "step"}}} and
 * {@code {"class_name": "__ellipsis__"}}.
 */
final class GetItemKey {
  private GetItemKey() {}

  /** One item of the key; {@code start}, {@code stop}, {@code step} of a slice may be null (Python's None). */
  record Item(Kind kind, long index, Long start, Long stop, Long step) {
    static final Item ELLIPSIS = new Item(Kind.ELLIPSIS, 0, null, null, null);
    static final Item NEW_AXIS = new Item(Kind.NEW_AXIS, 0, null, null, null);

    boolean isEllipsis() {
      return kind == Kind.ELLIPSIS;
    }

    boolean isNewAxis() {
      return kind == Kind.NEW_AXIS;
    }

    boolean isIndex() {
      return kind == Kind.INDEX;
    }

    /** Python's {@code len(range(*slice(start, stop, step).indices(length)))}. */
    long sliceLength(long length) {
      long s = step == null ? 1 : step;
      if (s == 0) {
        throw new IllegalArgumentException("slice step cannot be zero");
      }
      long lower = s < 0 ? -1 : 0;
      long upper = s < 0 ? length - 1 : length;
      long first = start == null ? (s < 0 ? upper : lower) : clamp(start, length, lower, upper);
      long last = stop == null ? (s < 0 ? lower : upper) : clamp(stop, length, lower, upper);
      long span = s > 0 ? last - first : first - last;
      long by = Math.abs(s);
      return span <= 0 ? 0 : (span + by - 1) / by;
    }

    private static long clamp(long bound, long length, long lower, long upper) {
      if (bound < 0) {
        return Math.max(bound + length, lower);
      }
      return Math.min(bound, upper);
    }
  }

  enum Kind { INDEX, SLICE, NEW_AXIS, ELLIPSIS }

  /** The key of the op's call; an IllegalArgumentException when the config does not hold a readable one. */
  static List<Item> of(LayerConfig config) {
    Object nodes = config.envelope().get("inbound_nodes");
    if (!(nodes instanceof List<?> list) || list.size() != 1 || !(list.get(0) instanceof Map<?, ?> node)
        || !(node.get("args") instanceof List<?> args) || args.size() != 2) {
      throw new IllegalArgumentException("no key: a GetItem node has the tensor and the key as its two args");
    }
    Object key = args.get(1);
    List<Item> items = new ArrayList<>();
    if (key instanceof List<?> many) {
      for (Object k : many) {
        items.add(item(k));
      }
    } else if (key instanceof Number) {
      items.add(item(key));
    } else {
      throw new IllegalArgumentException("unsupported key " + key); // as Keras: a lone slice is not a key
    }
    return items;
  }

  private static Item item(Object k) {
    if (k == null) {
      return Item.NEW_AXIS;
    }
    if (k instanceof BigInteger) {
      return new Item(Kind.INDEX, PyValues.toLongExact(k, "GetItem key"), null, null, null);
    }
    if (k instanceof Number n && n.doubleValue() == n.longValue()) {
      return new Item(Kind.INDEX, n.longValue(), null, null, null);
    }
    if (k instanceof Map<?, ?> m && "__ellipsis__".equals(m.get("class_name"))) {
      return Item.ELLIPSIS;
    }
    if (k instanceof Map<?, ?> m && "__slice__".equals(m.get("class_name")) && m.get("config") instanceof Map<?, ?> c) {
      return new Item(Kind.SLICE, 0, bound(c.get("start")), bound(c.get("stop")), bound(c.get("step")));
    }
    throw new IllegalArgumentException("unsupported key item " + k);
  }

  private static Long bound(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigInteger) {
      return PyValues.toLongExact(v, "GetItem slice bound");
    }
    if (v instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw new IllegalArgumentException("a slice bound is not an int: " + v);
  }
}
