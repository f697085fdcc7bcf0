package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.DType;
import io.github.kerasinit.io.WeightsFileWriter;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The .weights.h5 and legacy .h5 files themselves, read back with jhdf, against what Keras 3.15.1 wrote for the same
 * model (weights/layouts.json): each weight is written filled with its index + 1, as the golden script fills Keras'
 * weights, so every dataset shows which weight it holds; groups, attributes, shapes and dtypes must be Keras'.
 * Models up to 8 MB (the large applications differ from these only in size); bfloat16 rows are left to the layout
 * test, as jhdf 0.9.4 cannot parse h5py's untagged opaque type (Hdf5WriterTest).
 */
class WeightsFileWriteTest {
  @TempDir
  Path tmp;

  static Stream<Arguments> models() {
    return WeightsFileLayoutTest.models().filter(a -> {
      KerasModel m = model(a);
      return m.byteCount() < (8 << 20) && m.weights().stream().noneMatch(w -> w.dtype() == DType.BFLOAT16);
    });
  }

  @SuppressWarnings("unchecked")
  private static KerasModel model(Arguments a) {
    return ((Supplier<KerasModel>) a.get()[1]).get();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void keras3FileIsKeras(String name, Supplier<KerasModel> model, Map<String, Object> golden) throws Exception {
    check(name, model.get(), golden, WeightsFileFormat.KERAS3, "keras3", "m.weights.h5");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void keras2FileIsKeras(String name, Supplier<KerasModel> model, Map<String, Object> golden) throws Exception {
    check(name, model.get(), golden, WeightsFileFormat.KERAS2, "keras2", "m.h5");
  }

  @SuppressWarnings("unchecked")
  private void check(String name, KerasModel model, Map<String, Object> golden, WeightsFileFormat format,
      String key, String fileName) throws Exception {
    Path file = tmp.resolve(fileName);
    if (WeightsFileLayoutTest.kerasRefuses(golden, key)) {
      org.junit.jupiter.api.Assertions.assertThrows(io.github.kerasinit.KerasInitException.class,
          () -> format.open(model, Files.newOutputStream(file)), name);
      return;
    }
    try (OutputStream out = Files.newOutputStream(file); WeightsFileWriter writer = format.open(model, out)) {
      List<WeightSpec> weights = model.weights();
      for (int i = 0; i < weights.size(); i++) {
        WeightSpec w = weights.get(i);
        writer.add(WeightsFileFormat.entries(List.of(w)).get(0),
            DataBuffers.of(filled(w, i + 1), true, false));
      }
    }
    assertEquals(WeightsFileLayoutTest.lines((Map<String, Object>) golden.get(key)), lines(file),
        name + " (" + key + ")");
  }

  /** {@code w}'s bytes, every element {@code value}. */
  static byte[] filled(WeightSpec w, int value) {
    if (w.dtype().isFloating()) {
      double[] values = new double[(int) w.size()];
      Arrays.fill(values, value);
      return TensorBytes.fromDoubles(w.dtype(), values);
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) w.size() * w.dtype().byteSize())
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      switch (w.dtype()) {
        case INT64:
          b.putLong(value);
          break;
        case INT32:
          b.putInt(value);
          break;
        case UINT16:
          b.putShort((short) value);
          break;
        default:
          b.put((byte) value);
      }
    }
    return b.array();
  }

  /** The file's groups and datasets as WeightsFileLayoutTest's lines, read with jhdf. */
  static String lines(Path file) {
    List<String> out = new ArrayList<>();
    try (HdfFile hdf = new HdfFile(file)) {
      walk(hdf, out);
    }
    return String.join("\n", out.stream().sorted().toList());
  }

  private static void walk(Group group, List<String> out) {
    String path = group.getPath().equals("/") ? "/" : group.getPath().substring(1, group.getPath().length() - 1);
    out.add("G " + path + " " + attributes(group));
    attributeTypes(path, group, out);
    for (Node child : group) {
      if (child instanceof Group) {
        walk((Group) child, out);
      } else {
        io.jhdf.api.Dataset d = (io.jhdf.api.Dataset) child;
        Object flat = d.getDataFlat();
        double first = java.lang.reflect.Array.getLength(flat) == 0 ? 0
            : ((Number) java.lang.reflect.Array.get(flat, 0)).doubleValue();
        List<Long> shape = new ArrayList<>();
        for (int s : d.getDimensions()) {
          shape.add((long) s);
        }
        String dtype = numpy(d);
        out.add("D " + child.getPath().substring(1) + " weight=" + ((long) first - 1) + " " + shape + " " + dtype
            + " " + attributes(child));
        attributeTypes(child.getPath().substring(1), child, out);
      }
    }
  }

  private static String numpy(io.jhdf.api.Dataset d) {
    var t = d.getDataType();
    int size = t.getSize();
    if (t instanceof io.jhdf.object.datatype.FloatingPoint) {
      return "<f" + size;
    }
    boolean signed = ((io.jhdf.object.datatype.FixedPoint) t).isSigned();
    return (size == 1 ? "|" : "<") + (signed ? "i" : "u") + size;
  }

  /** As python-parity/weights_files.py's attr_type: "str utf-8", "str ascii (2,)", "float64 (0,)". */
  private static void attributeTypes(String path, Node node, List<String> out) {
    for (Map.Entry<String, Attribute> e : node.getAttributes().entrySet()) {
      var type = e.getValue().getDataType();
      int[] dims = e.getValue().getDimensions();
      String shape = dims.length == 0 ? "" : " (" + dims[0] + ",)";
      String kind = type instanceof io.jhdf.object.datatype.VariableLength
          ? "str " + (((io.jhdf.object.datatype.VariableLength) type).getEncoding()
              .equals(java.nio.charset.StandardCharsets.UTF_8) ? "utf-8" : "ascii") + shape
          : (type instanceof io.jhdf.object.datatype.FloatingPoint ? "float" + 8 * type.getSize() : "?")
              + (dims.length == 0 ? " ()" : shape);
      out.add("A " + path + "@" + e.getKey() + " " + kind);
    }
  }

  private static Map<String, Object> attributes(Node node) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, Attribute> e : node.getAttributes().entrySet()) {
      Object data = e.getValue().getData();
      out.put(e.getKey(), data instanceof String[] ? List.of((String[]) data)
          : data instanceof String ? data : List.of());
    }
    return out;
  }
}
