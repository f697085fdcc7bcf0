package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OpaqueDataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The weights in a file, by key, whatever wrote it (Keras, tf.keras, numpy, keras-init), told apart by content:
 * <ul>
 *   <li>a .npz (zip): key = entry name less ".npy", e.g. {@code dense/kernel};</li>
 *   <li>a legacy .h5 (root attribute {@code layer_names}, or a {@code model_weights} group with it, as in a whole
 *       saved model): key = the name in its layer's {@code weight_names}, less tf.keras' ":0", e.g.
 *       {@code dense/kernel};</li>
 *   <li>any other HDF5 file, a Keras 3 .weights.h5: key = the dataset's path, e.g. {@code layers/dense/vars/0}.</li>
 * </ul>
 * Each weight's bytes are little endian, C order; an .h5 dataset's are mapped from the file, not copied.
 */
public final class StoredWeights {
  /** The most bytes a piped weights file is copied to a temporary file for (compare holds every weight anyway). */
  public static final long MAX_PIPED_BYTES = 16L << 30;

  /** Which layout the file has. */
  public enum Layout {
    NPZ("npz"), KERAS3("Keras 3 .weights.h5"), KERAS2("legacy .h5");

    private final String description;

    Layout(String description) {
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** One stored weight. */
  public static final class Entry {
    private final String key;
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    Entry(String key, DType dtype, long[] shape, ByteBuffer data) {
      this.key = key;
      this.dtype = dtype;
      this.shape = shape;
      this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public String key() {
      return key;
    }

    public DType dtype() {
      return dtype;
    }

    public long[] shape() {
      return shape.clone();
    }

    /** The bytes, from position 0, little endian. */
    public ByteBuffer data() {
      return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  private final Path file;
  private final Layout layout;
  private final Map<String, Entry> entries;

  private StoredWeights(Path file, Layout layout, Map<String, Entry> entries) {
    this.file = file;
    this.layout = layout;
    this.entries = entries;
  }

  public Path file() {
    return file;
  }

  public Layout layout() {
    return layout;
  }

  /** The weights in file order (a .weights.h5's by path). */
  public Map<String, Entry> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  /**
   * The same weights under other keys: {@code keys} maps an old key to its new one (a .weights.h5 dataset path to
   * the Keras weight path its model gives it); keys it lacks, or whose new key is taken, stay as they are.
   */
  public StoredWeights rekeyed(Map<String, String> keys) {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Entry e : entries.values()) {
      String key = keys.getOrDefault(e.key, e.key);
      if (out.containsKey(key)) {
        key = e.key;
      }
      out.put(key, new Entry(key, e.dtype, e.shape, e.data));
    }
    return new StoredWeights(file, layout, out);
  }

  /**
   * Reads {@code file}; anything else than a weights file of these kinds is a one-line error naming it. The file is
   * opened once ({@link InputFiles}), so a pipe or a FIFO works ({@code compare a.npz <(ssh host cat b.npz)}): the
   * zip directory and HDF5 need random access, so such an input is first copied to a temporary file, of at most
   * {@value #MAX_PIPED_BYTES} bytes, deleted after reading.
   */
  public static StoredWeights read(Path file) {
    if (Files.isDirectory(file)) {
      throw new KerasInitException("weights file " + file + " is a directory; expected a .npz, .weights.h5 or .h5 file");
    }
    try (InputFiles.Input in = InputFiles.open(file, "weights file", InputFiles.idleTimeout())) {
      byte[] head = in.head(FileSignatures.HDF5.length);
      boolean hdf5 = FileSignatures.startsWith(head, FileSignatures.HDF5);
      if (!hdf5 && !FileSignatures.startsWith(head, FileSignatures.ZIP)) {
        throw new KerasInitException("weights file " + file + " is neither an HDF5 file (.weights.h5, .h5) nor a"
            + " .npz");
      }
      if (in.isRegularFile()) {
        in.close();
        return hdf5 ? readH5(file, file) : readNpz(file, file);
      }
      try (InputFiles.TempCopy copy = in.copyToTempFile(MAX_PIPED_BYTES)) {
        return hdf5 ? readH5(copy.path(), file) : readNpz(copy.path(), file);
      }
    }
  }

  /** The zip at {@code path}, {@code file} in messages; each entry's CRC-32 checked ({@link CheckedZipEntry}). */
  private static StoredWeights readNpz(Path path, Path file) {
    Map<String, Entry> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        if (!e.getName().endsWith(".npy")) {
          continue;
        }
        String key = e.getName().substring(0, e.getName().length() - 4);
        Npy.Array array;
        try (InputStream in = CheckedZipEntry.open(zip, e, "weights file " + file)) {
          try {
            array = Npy.read(in);
          } catch (KerasInitException bad) {
            throw new KerasInitException(file + "!" + e.getName() + ": " + bad.getMessage(), bad);
          }
          in.transferTo(OutputStream.nullOutputStream()); // to the end, where the CRC is checked
        }
        out.put(key, new Entry(key, npyDtype(array.descr, file + "!" + e.getName()), array.shape,
            ByteBuffer.wrap(array.data)));
      }
      if (out.isEmpty()) {
        throw new KerasInitException("weights file " + file + " is a zip without .npy entries (a .keras archive?),"
            + " not a .npz");
      }
    } catch (ZipException e) {
      throw new KerasInitException("weights file " + file + " is not a readable .npz (zip): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new KerasInitException("weights file " + file + " " + InputFiles.reason(e), e);
    }
    return new StoredWeights(file, Layout.NPZ, out);
  }

  private static DType npyDtype(String descr, String where) {
    switch (descr) {
      case "<f2":
        return DType.FLOAT16;
      case "<f4":
        return DType.FLOAT32;
      case "<f8":
        return DType.FLOAT64;
      case "<i4":
        return DType.INT32;
      case "<i8":
        return DType.INT64;
      case "|u1":
        return DType.UINT8;
      case "<u2":
        return DType.UINT16; // also bfloat16's bits as keras-init writes them: compared bit for bit alike
      case "|b1":
        return DType.BOOL;
      default:
        throw new KerasInitException(where + ": numpy dtype '" + descr + "' is not a Keras weight dtype here");
    }
  }

  /** The HDF5 file at {@code path}, {@code file} in messages. */
  private static StoredWeights readH5(Path path, Path file) {
    try (HdfFile hdf = new HdfFile(path)) {
      long end = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
      if (Files.size(path) < end) {
        throw new KerasInitException("weights file " + file + " is a truncated HDF5 file: " + Files.size(path)
            + " bytes, but its superblock says " + end);
      }
      Map<String, Entry> out = new LinkedHashMap<>();
      Group legacy = hdf.getAttribute("layer_names") != null ? hdf
          : hdf.getChild("model_weights") instanceof Group ? (Group) hdf.getChild("model_weights") : null;
      if (legacy != null && legacy.getAttribute("layer_names") != null) {
        for (String layer : strings(legacy.getAttribute("layer_names"))) {
          Node g = legacy.getChild(layer);
          if (!(g instanceof Group) || ((Group) g).getAttribute("weight_names") == null) {
            throw new KerasInitException("weights file " + file + ": layer \"" + layer + "\" of layer_names has no"
                + " group with weight_names");
          }
          for (String name : strings(((Group) g).getAttribute("weight_names"))) {
            Node d = ((Group) g).getByPath(name);
            String key = name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
            out.put(key, entry(file, key, (Dataset) d));
          }
        }
        return new StoredWeights(file, Layout.KERAS2, out);
      }
      collect(file, hdf, out);
      return new StoredWeights(file, Layout.KERAS3, out);
    } catch (KerasInitException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new KerasInitException("weights file " + file + " is not a readable HDF5 file (truncated or damaged?): "
          + e.getMessage(), e);
    }
  }

  private static void collect(Path file, Group group, Map<String, Entry> out) {
    for (Node child : group) {
      if (child instanceof Group) {
        collect(file, (Group) child, out);
      } else if (child instanceof Dataset) {
        String key = child.getPath().startsWith("/") ? child.getPath().substring(1) : child.getPath();
        out.put(key, entry(file, key, (Dataset) child));
      }
    }
  }

  /** A dataset's dtype, shape and bytes (mapped from the file, made little endian). */
  private static Entry entry(Path file, String key, Dataset d) {
    DataType type = d.getDataType();
    DType dtype;
    if (type instanceof FloatingPoint) {
      dtype = type.getSize() == 2 ? DType.FLOAT16 : type.getSize() == 4 ? DType.FLOAT32 : DType.FLOAT64;
    } else if (type instanceof FixedPoint) {
      boolean signed = ((FixedPoint) type).isSigned();
      dtype = !signed && type.getSize() == 1 ? DType.UINT8 : !signed && type.getSize() == 2 ? DType.UINT16
          : signed && type.getSize() == 4 ? DType.INT32 : signed && type.getSize() == 8 ? DType.INT64 : null;
    } else if (type instanceof OpaqueDataType && type.getSize() == 2) {
      dtype = DType.BFLOAT16; // h5py's ml_dtypes bfloat16, marked dtype="bfloat16" by Keras 3
    } else {
      dtype = null;
    }
    if (dtype == null) {
      throw new KerasInitException("weights file " + file + ": dataset \"" + key + "\" has HDF5 type "
          + type.getClass().getSimpleName() + " of " + type.getSize() + " bytes, not a Keras weight dtype");
    }
    int[] dims = d.getDimensions();
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = dims[i];
    }
    ByteBuffer data = d.isEmpty() ? ByteBuffer.allocate(0) : ((DatasetBase) d).getDataBuffer();
    if (type instanceof FloatingPoint && ((FloatingPoint) type).getByteOrder() == ByteOrder.BIG_ENDIAN
        || type instanceof FixedPoint && ((FixedPoint) type).getByteOrder() == ByteOrder.BIG_ENDIAN) {
      data = swapped(data, type.getSize());
    }
    return new Entry(key, dtype, shape, data);
  }

  private static ByteBuffer swapped(ByteBuffer in, int size) {
    ByteBuffer src = in.duplicate();
    byte[] out = new byte[src.remaining()];
    src.get(out);
    for (int i = 0; i + size <= out.length; i += size) {
      for (int a = i, b = i + size - 1; a < b; a++, b--) {
        byte t = out[a];
        out[a] = out[b];
        out[b] = t;
      }
    }
    return ByteBuffer.wrap(out);
  }

  private static List<String> strings(Attribute attribute) {
    Object data = attribute.getData();
    List<String> out = new ArrayList<>();
    if (data instanceof String[]) {
      out.addAll(List.of((String[]) data));
    } else if (data instanceof String) {
      out.add((String) data);
    } else if (data == null || data instanceof double[] && ((double[]) data).length == 0
        || data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0) {
      return out; // h5py's np.asarray([]): float64, empty
    } else {
      throw new KerasInitException("attribute " + attribute.getName() + " is not a list of names");
    }
    return out;
  }
}
