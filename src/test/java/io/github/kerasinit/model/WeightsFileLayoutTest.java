package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.DType;
import io.github.kerasinit.config.KerasJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layouts of the .h5 weights files against those Keras 3.15.1 writes for the same models
 * (python-parity/weights_files.py writes src/test/resources/weights/layouts.json): every model in models/ and every
 * row of the per-layer table, Keras 3's {@code save_weights} tree and the legacy layout: each group with its
 * attributes, each dataset with the weight it holds (its index in model.weights), shape, dtype and attributes.
 */
class WeightsFileLayoutTest {
  static final String GOLDEN = "weights/layouts.json";

  @SuppressWarnings("unchecked")
  static Map<String, Object> golden() {
    try (InputStream in = WeightsFileLayoutTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + GOLDEN + "; run python-parity/weights_files.py");
      }
      return (Map<String, Object>) KerasJson.parse(in, GOLDEN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** (name, model, golden entry) for every model file and layer row. */
  @SuppressWarnings("unchecked")
  static Stream<Arguments> models() {
    Map<String, Object> golden = golden();
    List<Arguments> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : ((Map<String, Object>) golden.get("models")).entrySet()) {
      out.add(Arguments.of(e.getKey(), (java.util.function.Supplier<KerasModel>) () -> KerasModel.load(
          Path.of("models", e.getKey()), KerasModel.options().seed(42)), e.getValue()));
    }
    Map<String, Object> rows = new TreeMap<>();
    for (LayerWeightsTest.Row row : LayerWeightsTest.rows()) {
      rows.put(row.id(), row.config());
    }
    for (Map.Entry<String, Object> e : ((Map<String, Object>) golden.get("layers")).entrySet()) {
      Map<String, Object> config = (Map<String, Object>) rows.get(e.getKey());
      out.add(Arguments.of("layer row " + e.getKey(), (java.util.function.Supplier<KerasModel>)
          () -> KerasModel.fromConfig(config, KerasModel.options()), e.getValue()));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void keras3LayoutIsKeras(String name, java.util.function.Supplier<KerasModel> model, Map<String, Object> golden) {
    KerasModel m = model.get();
    assertLayout(name + " (keras3)", golden, "keras3", WeightsFileLayout.keras3(m), m);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void keras2LayoutIsKeras(String name, java.util.function.Supplier<KerasModel> model, Map<String, Object> golden) {
    KerasModel m = model.get();
    if (kerasRefuses(golden, "keras2")) { // Keras' legacy writer fails on it: keras-init refuses it too
      org.junit.jupiter.api.Assertions.assertThrows(io.github.kerasinit.KerasInitException.class,
          () -> WeightsFileLayout.keras2(m), name);
      return;
    }
    assertLayout(name + " (keras2)", golden, "keras2", WeightsFileLayout.keras2(m), m);
  }

  /** Whether Keras itself could not write this format for the model (the golden records its error instead). */
  static boolean kerasRefuses(Map<String, Object> golden, String format) {
    return golden.get(format) instanceof Map && ((Map<?, ?>) golden.get(format)).containsKey("error");
  }

  @SuppressWarnings("unchecked")
  static void assertLayout(String what, Map<String, Object> golden, String format, WeightsFileLayout layout,
      KerasModel model) {
    assertEquals(((Number) golden.get("weights")).intValue(), model.weights().size(), what + ": weight count");
    Map<String, Object> expected = (Map<String, Object>) golden.get(format);
    assertEquals(lines(expected), lines(layout), what);
  }

  /** One line per group and dataset, sorted: what the golden says. */
  @SuppressWarnings("unchecked")
  static String lines(Map<String, Object> golden) {
    List<String> out = new ArrayList<>();
    ((Map<String, Object>) golden.get("groups")).forEach((path, attrs) ->
        out.add("G " + path + " " + new TreeMap<>((Map<String, Object>) attrs)));
    ((Map<String, Object>) golden.get("datasets")).forEach((path, d) -> {
      Map<String, Object> ds = (Map<String, Object>) d;
      out.add("D " + path + " weight=" + ds.get("weight") + " " + ds.get("shape") + " " + ds.get("dtype") + " "
          + new TreeMap<>((Map<String, Object>) ds.get("attrs")));
    });
    ((Map<String, Object>) golden.get("attr_types")).forEach((at, type) -> out.add("A " + at + " " + type));
    out.sort(null);
    return String.join("\n", out);
  }

  /** How h5py reports an attribute's storage (python-parity/weights_files.py attr_type) for our layout's value. */
  static String attrType(Object value) {
    if (value instanceof WeightsFileLayout.Bytes) {
      return "str ascii";
    }
    if (value instanceof List) {
      int n = ((List<?>) value).size();
      return n == 0 ? "float64 (0,)" : "str ascii (" + n + ",)";
    }
    return "str utf-8";
  }

  /** The same lines for our layout: the groups on every path included, the root as "/". */
  static String lines(WeightsFileLayout layout) {
    Map<String, Map<String, Object>> groups = new TreeMap<>();
    groups.put("/", new TreeMap<>());
    List<String> out = new ArrayList<>();
    for (WeightsFileLayout.Dataset d : layout.datasets()) {
      addParents(groups, d.path());
      List<Long> shape = new ArrayList<>();
      for (long s : d.spec().shape()) {
        shape.add(s);
      }
      out.add("D " + d.path() + " weight=" + d.weight() + " " + shape + " " + numpy(d.spec().dtype()) + " "
          + new TreeMap<>(d.attributes()));
      d.attributes().forEach((k, v) -> out.add("A " + d.path() + "@" + k + " " + attrType(v)));
    }
    for (WeightsFileLayout.Group g : layout.groups()) {
      String path = g.path().isEmpty() ? "/" : g.path();
      addParents(groups, path + "/x");
      groups.get(path).putAll(g.attributes());
      g.attributes().forEach((k, v) -> out.add("A " + path + "@" + k + " " + attrType(v)));
    }
    groups.forEach((path, attrs) -> out.add("G " + path + " " + attrs));
    out.sort(null);
    return String.join("\n", out);
  }

  private static void addParents(Map<String, Map<String, Object>> groups, String path) {
    String[] parts = path.split("/");
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].isEmpty()) {
        continue;
      }
      p.append(p.length() == 0 ? "" : "/").append(parts[i]);
      groups.computeIfAbsent(p.toString(), k -> new TreeMap<>());
    }
  }

  /** numpy's dtype.str for what h5py reads back. */
  static String numpy(DType dtype) {
    switch (dtype) {
      case FLOAT16:
        return "<f2";
      case BFLOAT16:
        return "|V2";
      case FLOAT32:
        return "<f4";
      case FLOAT64:
        return "<f8";
      case INT32:
        return "<i4";
      case INT64:
        return "<i8";
      case UINT8:
        return "|u1";
      case UINT16:
        return "<u2";
      default:
        return Arrays.toString(new Object[] {dtype});
    }
  }
}
