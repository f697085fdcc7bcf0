package io.github.kerasinit.model.layers;

import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.tensor.PyValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Output-shape rules for Keras 3 ops that appear in a functional model ({@code keras.ops.*} calls serialize as nodes
 * whose {@code module} is {@code keras.src.ops.*}). A Keras 3 file records every tensor's shape, and the model graph
 * takes those recorded shapes first; these rules serve configs without them. Each follows the op's
 * {@code compute_output_spec} in Keras 3.15.1; an op without a rule here needs the recorded shape.
 */
final class OpShapes {
  /** A rule: the op's config and its tensor inputs' shapes to its output shape. */
  interface Rule {
    long[] apply(LayerConfig config, List<long[]> inputs);
  }

  private static final Map<String, Rule> RULES = new HashMap<>();

  static {
    for (String unary : Set.of("Cast", "Softmax", "LogSoftmax", "Relu", "Relu6", "Sigmoid", "Tanh", "Exp", "Log",
        "Abs", "Absolute", "Negative", "Sqrt", "Square", "Sin", "Cos", "Gelu", "Silu", "Softplus", "Erf", "Floor",
        "Ceil", "Round", "Sign", "Clip", "LogicalNot", "IsNan", "IsFinite", "Reciprocal", "StopGradient", "Elu",
        "Selu", "LeakyRelu", "HardSigmoid", "Softsign", "Rsqrt", "Expm1", "Log1p")) {
      RULES.put(unary, (c, in) -> in.get(0).clone());
    }
    for (String binary : Set.of("Add", "Subtract", "Multiply", "Divide", "TrueDivide", "FloorDivide", "Power",
        "Maximum", "Minimum", "Mod", "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual",
        "LogicalAnd", "LogicalOr", "LogicalXor", "Where")) {
      RULES.put(binary, (c, in) -> Dims.broadcast(in));
    }
    for (String reduction : Set.of("Mean", "Average", "Sum", "Max", "Min", "Prod", "Std", "Var", "Any", "All",
        "Amax", "Amin")) {
      RULES.put(reduction, (c, in) -> reduce(in.get(0), c.intList("axis"), c.bool("keepdims", false)));
    }
    for (String arg : Set.of("Argmax", "Argmin")) {
      RULES.put(arg, (c, in) -> reduce(in.get(0), c.intList("axis"), c.bool("keepdims", false)));
    }
    RULES.put("Reshape", (c, in) -> reshape(in.get(0), c.intList("newshape")));
    RULES.put("Transpose", (c, in) -> transpose(in.get(0), c.intList("axes")));
    RULES.put("ExpandDims", (c, in) -> expandDims(in.get(0), c.intList("axis")));
    RULES.put("Squeeze", (c, in) -> squeeze(in.get(0), c.intList("axis")));
    RULES.put("Concatenate", (c, in) -> concatenate(in, (int) c.integer("axis", 0)));
    RULES.put("Stack", (c, in) -> stack(in, (int) c.integer("axis", 0)));
    RULES.put("Tile", (c, in) -> tile(in.get(0), c.intList("repeats")));
    RULES.put("Repeat", (c, in) -> repeat(in.get(0), c.intList("repeats"), c.intList("axis")));
    RULES.put("Pad", (c, in) -> pad(in.get(0), c.raw("pad_width")));
    RULES.put("Matmul", (c, in) -> matmul(in.get(0), in.get(1)));
    RULES.put("Einsum", (c, in) -> einsum(c.string("subscripts", null), in));
    RULES.put("GetItem", (c, in) -> getItem(in.get(0), GetItemKey.of(c)));
    RULES.put("Resize", (c, in) -> resize(in.get(0), c.intList("size"), c.string("data_format", null)));
  }

  private OpShapes() {}

  /** The rule for an op class, or null where there is none. */
  static Rule rule(String opClass) {
    return RULES.get(opClass);
  }

  private static long[] reduce(long[] in, List<Long> axes, boolean keepdims) {
    boolean[] reduced = new boolean[in.length];
    if (axes == null) {
      Arrays.fill(reduced, true);
    } else {
      for (long a : axes) {
        reduced[Dims.axis(a, in.length)] = true;
      }
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < in.length; i++) {
      if (!reduced[i]) {
        out.add(in[i]);
      } else if (keepdims) {
        out.add(1L);
      }
    }
    return toArray(out);
  }

  private static long[] reshape(long[] in, List<Long> target) {
    long[] out = toArray(target);
    long total = Dims.product(in, 0, in.length);
    int free = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        free = i;
      } else {
        known *= out[i];
      }
    }
    if (free >= 0) {
      out[free] = total == Dims.UNKNOWN || known == 0 ? Dims.UNKNOWN : total / known;
    }
    return out;
  }

  private static long[] transpose(long[] in, List<Long> axes) {
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[axes == null ? in.length - 1 - i : Dims.axis(axes.get(i), in.length)];
    }
    return out;
  }

  private static long[] expandDims(long[] in, List<Long> axes) {
    int rank = in.length + axes.size();
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      inserted[Dims.axis(a, rank)] = true;
    }
    long[] out = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      out[i] = inserted[i] ? 1 : in[j++];
    }
    return out;
  }

  private static long[] squeeze(long[] in, List<Long> axes) {
    boolean[] dropped = new boolean[in.length];
    for (int i = 0; i < in.length; i++) {
      dropped[i] = axes == null && in[i] == 1;
    }
    if (axes != null) {
      for (long a : axes) {
        dropped[Dims.axis(a, in.length)] = true;
      }
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < in.length; i++) {
      if (!dropped[i]) {
        out.add(in[i]);
      }
    }
    return toArray(out);
  }

  private static long[] concatenate(List<long[]> in, int axis) {
    long[] out = in.get(0).clone();
    int a = Dims.axis(axis, out.length);
    for (int i = 1; i < in.size(); i++) {
      long d = in.get(i)[a];
      out[a] = out[a] == Dims.UNKNOWN || d == Dims.UNKNOWN ? Dims.UNKNOWN : out[a] + d;
    }
    return out;
  }

  private static long[] stack(List<long[]> in, int axis) {
    return withDim(in.get(0), axis, in.size());
  }

  private static long[] withDim(long[] in, int axis, long size) {
    long[] out = expandDims(in, List.of((long) axis));
    out[Dims.axis(axis, out.length)] = size;
    return out;
  }

  private static long[] tile(long[] in, List<Long> repeats) {
    int rank = Math.max(in.length, repeats.size());
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      int j = i - (rank - in.length);
      int k = i - (rank - repeats.size());
      long d = j >= 0 ? in[j] : 1;
      long r = k >= 0 ? repeats.get(k) : 1;
      out[i] = d == Dims.UNKNOWN ? Dims.UNKNOWN : d * r;
    }
    return out;
  }

  private static long[] repeat(long[] in, List<Long> repeats, List<Long> axis) {
    long r = repeats.size() == 1 ? repeats.get(0) : repeats.stream().mapToLong(Long::longValue).sum();
    if (axis == null) {
      long total = Dims.product(in, 0, in.length);
      return new long[] {total == Dims.UNKNOWN ? Dims.UNKNOWN : repeats.size() == 1 ? total * r : r};
    }
    long[] out = in.clone();
    int a = Dims.axis(axis.get(0), in.length);
    out[a] = in[a] == Dims.UNKNOWN ? Dims.UNKNOWN : repeats.size() == 1 ? in[a] * r : r;
    return out;
  }

  private static long[] pad(long[] in, Object padWidth) {
    long[] out = in.clone();
    List<?> widths = (List<?>) padWidth;
    for (int i = 0; i < in.length; i++) {
      List<?> w = (List<?>) widths.get(widths.size() == 1 ? 0 : i);
      long add = Math.addExact(PyValues.toLongExact(w.get(0), "pad_width"),
          PyValues.toLongExact(w.get(w.size() - 1), "pad_width"));
      out[i] = in[i] == Dims.UNKNOWN ? Dims.UNKNOWN : in[i] + add;
    }
    return out;
  }

  private static long[] matmul(long[] a, long[] b) {
    long[] batchA = Arrays.copyOf(a, Math.max(0, a.length - 2));
    long[] batchB = Arrays.copyOf(b, Math.max(0, b.length - 2));
    long[] batch = Dims.broadcast(List.of(batchA, batchB));
    return Dims.concat(batch, a[a.length - 2], b[b.length - 1]);
  }

  /**
   * Keras' rule: the output spec (or, without "->", "..." and the letters that appear once, sorted); each operand's
   * shape laid out on it (its letters' sizes, its "..." dims in the output's "...", 1 for letters it lacks); those
   * shapes broadcast.
   */
  private static long[] einsum(String subscripts, List<long[]> in) {
    String[] sides = subscripts.replace(" ", "").split("->", -1);
    String[] specs = sides[0].split(",", -1);
    if (sides.length > 2 || specs.length != in.size()) {
      return null;
    }
    String target = sides.length == 2 ? sides[1] : "..." + onceUsedLetters(sides[0]);
    List<long[]> laidOut = new ArrayList<>();
    for (int i = 0; i < specs.length; i++) {
      laidOut.add(einsumOperand(specs[i], in.get(i), target));
    }
    return Dims.broadcast(laidOut);
  }

  /** The letters of {@code inputs} that appear exactly once, sorted: the implicit output of an einsum. */
  private static String onceUsedLetters(String inputs) {
    StringBuilder out = new StringBuilder();
    inputs.chars().filter(Character::isLetter).distinct().sorted()
        .filter(ch -> inputs.chars().filter(x -> x == ch).count() == 1).forEach(out::appendCodePoint);
    return out.toString();
  }

  /** One operand's shape on the output's axes: its letters' sizes, its "..." dims, 1 where it lacks a letter. */
  private static long[] einsumOperand(String spec, long[] shape, String target) {
    Map<Character, Long> sizes = new HashMap<>();
    long[] wildcard = new long[0];
    int dots = spec.indexOf("...");
    String head = dots < 0 ? spec : spec.substring(0, dots);
    String tail = dots < 0 ? "" : spec.substring(dots + 3);
    if (dots < 0 ? head.length() != shape.length : head.length() + tail.length() > shape.length) {
      return null;
    }
    for (int j = 0; j < head.length(); j++) {
      sizes.putIfAbsent(head.charAt(j), shape[j]);
    }
    for (int j = tail.length() - 1; j >= 0; j--) { // Keras reads the letters after "..." from the last one
      sizes.putIfAbsent(tail.charAt(j), shape[shape.length - tail.length() + j]);
    }
    if (dots >= 0) {
      wildcard = Arrays.copyOfRange(shape, head.length(), shape.length - tail.length());
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < target.length(); i++) {
      if (target.startsWith("...", i)) {
        for (long d : wildcard) {
          out.add(d);
        }
        i += 2;
      } else {
        out.add(sizes.getOrDefault(target.charAt(i), 1L));
      }
    }
    return toArray(out);
  }

  /**
   * {@code x[key]}: the key's items consume the input's axes in order; an int drops its axis, a slice keeps its
   * length ({@code len(range(*slice.indices(n)))}), {@code None} inserts an axis of 1, and one Ellipsis keeps the
   * axes the rest of the key does not consume (an implicit one closes every key).
   */
  private static long[] getItem(long[] in, List<GetItemKey.Item> key) {
    List<GetItemKey.Item> items = new ArrayList<>(key);
    long ellipses = items.stream().filter(GetItemKey.Item::isEllipsis).count();
    if (ellipses > 1) {
      return null;
    }
    if (ellipses == 0) {
      items.add(GetItemKey.Item.ELLIPSIS);
    }
    List<Long> out = new ArrayList<>();
    int axis = 0;
    for (int k = 0; k < items.size(); k++) {
      GetItemKey.Item item = items.get(k);
      if (item.isEllipsis()) {
        long consuming = items.subList(k + 1, items.size()).stream().filter(i -> !i.isNewAxis()).count();
        long kept = in.length - axis - consuming;
        if (kept < 0) {
          return null;
        }
        for (int j = 0; j < kept; j++) {
          out.add(in[axis++]);
        }
      } else if (item.isNewAxis()) {
        out.add(1L);
      } else {
        if (axis >= in.length) {
          return null; // more indices than axes
        }
        long length = in[axis++];
        if (item.isIndex()) {
          if (length != Dims.UNKNOWN && (item.index() >= length || item.index() < -length)) {
            return null; // out of bounds
          }
        } else {
          out.add(length == Dims.UNKNOWN ? Dims.UNKNOWN : item.sliceLength(length));
        }
      }
    }
    return toArray(out);
  }

  private static long[] resize(long[] in, List<Long> size, String dataFormat) {
    long[] out = in.clone();
    int first = "channels_first".equals(dataFormat) ? in.length - 2 : in.length - 3;
    out[first] = size.get(0);
    out[first + 1] = size.get(1);
    return out;
  }

  private static long[] toArray(List<Long> dims) {
    return dims.stream().mapToLong(Long::longValue).toArray();
  }
}
