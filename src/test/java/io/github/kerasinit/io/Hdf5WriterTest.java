package io.github.kerasinit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The HDF5 writer read back by an independent reader (jhdf's): groups made on the way, links, scalar, empty and
 * 16-bit datasets, variable-length string and string-list attributes (in the global heap), a group with hundreds of links. h5py's reading of the same
 * files is what python-parity/live_parity.py checks (Keras loads them). Not here: bfloat16's opaque type without a
 * tag, which h5py writes and reads but jhdf 0.9.4 cannot parse (it looks for the tag's terminating NUL).
 */
class Hdf5WriterTest {
  @TempDir
  Path tmp;

  private static ByteBuffer floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b;
  }

  @Test
  void whatItWritesReadsBack() throws Exception {
    Hdf5Writer h5 = new Hdf5Writer();
    h5.root().attribute("layer_names", List.of("dense", "dropout_1")).attribute("backend", "tensorflow")
        .attribute("empty", List.of()).bytesAttribute("keras_version", "3.15.1");
    Hdf5Writer.Dataset kernel = h5.root().group("layers/dense/vars").attribute("name", "dense")
        .dataset("0", DType.FLOAT32, new long[] {2, 3});
    Hdf5Writer.Dataset half = h5.root().dataset("layers/dense/vars/1", DType.FLOAT16, new long[] {2});
    Hdf5Writer.Dataset scalar = h5.root().dataset("x/scalar", DType.FLOAT64, new long[0]).attribute("dtype",
        "float64");
    Hdf5Writer.Dataset empty = h5.root().dataset("x/empty", DType.INT64, new long[] {0});
    for (int i = 0; i < 300; i++) {
      h5.root().group("many/g" + i + "/vars").attribute("name", "layer_" + i);
    }
    Path file = tmp.resolve("t.h5");
    try (OutputStream out = Files.newOutputStream(file)) {
      Hdf5Writer.Stream s = h5.start(out, List.of(kernel, half, scalar, empty));
      s.write(kernel, DataBuffers.of(floats(1, 2, 3, 4, 5, 6).array(), true, false));
      s.write(half, DataBuffers.of(new byte[] {0, 0x3c, 0, (byte) 0xc0}, true, false)); // 1.0, -2.0
      s.write(scalar, DataBuffers.of(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f}, true, false)); // 1.0
      s.write(empty, DataBuffers.of(new byte[0], true, false));
      s.finish();
    }
    try (HdfFile hdf = new HdfFile(file)) {
      assertArrayEquals(new String[] {"dense", "dropout_1"}, (String[]) hdf.getAttribute("layer_names").getData());
      assertEquals("tensorflow", hdf.getAttribute("backend").getData());
      assertEquals("3.15.1", hdf.getAttribute("keras_version").getData());
      assertEquals(0, hdf.getAttribute("empty").getSize());
      assertEquals("dense", ((Group) hdf.getByPath("layers/dense/vars")).getAttribute("name").getData());
      Dataset k = hdf.getDatasetByPath("layers/dense/vars/0");
      assertArrayEquals(new int[] {2, 3}, k.getDimensions());
      assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, (float[][]) k.getData());
      Dataset h = hdf.getDatasetByPath("layers/dense/vars/1");
      assertTrue(h.getDataType() instanceof FloatingPoint);
      assertEquals(2, h.getDataType().getSize());
      Dataset b = hdf.getDatasetByPath("x/scalar");
      assertTrue(b.isScalar());
      assertEquals(1.0, b.getData());
      assertEquals("float64", b.getAttribute("dtype").getData());
      assertTrue(hdf.getDatasetByPath("x/empty").isEmpty());
      assertEquals(300, ((Group) hdf.getByPath("many")).getChildren().size());
      assertEquals("layer_299", ((Group) hdf.getByPath("many/g299/vars")).getAttribute("name").getData());
      assertEquals(Files.size(file), hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress());
    }
  }

  @Test
  void dataComesInTheDeclaredOrderAndWhole() throws Exception {
    Hdf5Writer h5 = new Hdf5Writer();
    Hdf5Writer.Dataset a = h5.root().dataset("a", DType.FLOAT32, new long[] {1});
    Hdf5Writer.Dataset b = h5.root().dataset("b", DType.FLOAT32, new long[] {1});
    Hdf5Writer.Stream s = h5.start(OutputStream.nullOutputStream(), List.of(a, b));
    assertThrows(IllegalStateException.class, () -> s.write(b, DataBuffers.of(floats(1).array(), true, false)));
    assertThrows(IllegalStateException.class, () -> s.write(a, DataBuffers.of(new byte[3], true, false)));
    assertThrows(IllegalStateException.class, s::finish);
  }

  @Test
  void aPathIsEitherAGroupOrADataset() {
    Hdf5Writer h5 = new Hdf5Writer();
    h5.root().dataset("a/b", DType.FLOAT32, new long[] {1});
    assertThrows(KerasInitException.class, () -> h5.root().group("a/b/c"));
    assertThrows(KerasInitException.class, () -> h5.root().dataset("a/b", DType.FLOAT32, new long[] {1}));
    assertThrows(KerasInitException.class, () -> h5.root().group("a//c"));
  }
}
