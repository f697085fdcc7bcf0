package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.TensorBytes;
import io.jhdf.checksum.JenkinsLookup3HashLittle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * The HDF5 files h5py reads, written in one pass to a stream: groups, contiguous datasets, and string attributes
 * as h5py 3 writes them (variable-length strings in a global heap: UTF-8 for a Python str, ASCII for bytes and lists
 * of bytes), which is all a Keras weights file holds. The metadata (superblock version 2, version 2 object headers,
 * links stored in their group's header) is laid out first, so every dataset's address is known before its bytes come;
 * then each dataset's bytes are streamed from its native buffer in chunks, in the order the caller declared, so no
 * weight is copied whole to the Java heap and none is limited to 2 GiB.
 *
 * <p>Why not jhdf's writer: it takes each dataset as a Java array held until the file is closed, has no 16-bit
 * floats, and (0.9.4 and 0.13.0) writes files h5py cannot walk once a group holding a dataset has a sibling group.
 * Checksums are jhdf's Jenkins lookup3, which the format specifies.
 */
public final class Hdf5Writer {
  private static final long UNDEFINED = -1L;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final int SUPERBLOCK_BYTES = 48;

  /** A group: its links, in insertion order (HDF5 lists them by name), and its attributes. */
  public static final class Group {
    private final Map<String, Object> children = new LinkedHashMap<>();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private long address;

    private Group() {}

    /** The group at {@code path} ("a/b/c") below this one, made with any missing groups on the way. */
    public Group group(String path) {
      Group g = this;
      for (String part : path.split("/", -1)) {
        checkName(part, path);
        Object child = g.children.computeIfAbsent(part, k -> new Group());
        if (!(child instanceof Group)) {
          throw new KerasInitException("HDF5 path \"" + path + "\": \"" + part + "\" is a dataset, not a group");
        }
        g = (Group) child;
      }
      return g;
    }

    /**
     * A dataset {@code name} in this group; its bytes come later, through {@link Stream#write} in the order given
     * to {@link #start}. A name with '/' makes the groups on its way, as h5py does.
     */
    public Dataset dataset(String name, DType dtype, long[] shape) {
      int slash = name.lastIndexOf('/');
      Group parent = slash < 0 ? this : group(name.substring(0, slash));
      String leaf = name.substring(slash + 1);
      checkName(leaf, name);
      if (parent.children.containsKey(leaf)) {
        throw new KerasInitException("HDF5 path \"" + name + "\" is written twice");
      }
      Dataset d = new Dataset(name, dtype, shape);
      parent.children.put(leaf, d);
      return d;
    }

    /** A scalar string attribute, as h5py writes a Python str: variable-length UTF-8 (h5py reads back a str). */
    public Group attribute(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    /** A scalar string as h5py writes Python bytes ({@code "tensorflow".encode()}): variable-length, ASCII. */
    public Group bytesAttribute(String name, String value) {
      attributes.put(name, new FixedString(value));
      return this;
    }

    /**
     * A 1-D array of strings as h5py writes a list of bytes (variable-length, ASCII); an empty list as h5py writes
     * {@code np.asarray([])}: float64, shape (0,).
     */
    public Group attribute(String name, List<String> values) {
      attributes.put(name, List.copyOf(values));
      return this;
    }
  }

  /** A dataset: dtype, shape, attributes; its bytes are placed after all the metadata. */
  public static final class Dataset {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private long address;
    private long headerAddress;

    private Dataset(String name, DType dtype, long[] shape) {
      if (dtype == DType.BOOL) {
        throw new KerasInitException("dataset \"" + name + "\": bool weights are not written to .h5 files");
      }
      this.name = name;
      this.dtype = dtype;
      this.shape = shape.clone();
    }

    /** A scalar variable-length UTF-8 string attribute (a Python str for h5py). */
    public Dataset attribute(String attribute, String value) {
      attributes.put(attribute, value);
      return this;
    }

    public long byteSize() {
      long n = dtype.byteSize();
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /** A scalar string stored as h5py stores bytes. */
  private static final class FixedString {
    final String value;

    FixedString(String value) {
      this.value = value;
    }
  }

  /** The global heap collection that holds the variable-length strings, at a known address. */
  private static final class Heap {
    static final int MIN_BYTES = 4096; // the HDF5 library reads a collection's first 4 KiB at once
    final long address;
    final Bytes objects = new Bytes();
    int count;

    Heap(long address) {
      this.address = address;
    }

    /** Adds a string; returns its object index (1, 2...). */
    int add(byte[] utf8) {
      if (count == 0xFFFF) {
        throw new KerasInitException("more than 65,535 string attributes for one HDF5 global heap");
      }
      count++;
      objects.u16(count);
      objects.u16(1); // reference count
      objects.u32(0); // reserved
      objects.u64(utf8.length);
      objects.write(utf8);
      for (int pad = (8 - utf8.length % 8) % 8; pad > 0; pad--) {
        objects.write(0);
      }
      return count;
    }

    /** "GCOL", the objects, and the free space after them, in at least MIN_BYTES. */
    byte[] bytes() {
      byte[] body = objects.toByteArray();
      long size = Math.max(MIN_BYTES, 16 + body.length + 16);
      Bytes b = new Bytes();
      b.write('G');
      b.write('C');
      b.write('O');
      b.write('L');
      b.write(1); // version
      b.write(0);
      b.write(0);
      b.write(0);
      b.u64(size);
      b.write(body);
      b.u16(0); // object 0: the free space, its header included
      b.u16(0);
      b.u32(0);
      b.u64(size - 16 - body.length);
      while (b.size() < size) {
        b.write(0);
      }
      return b.toByteArray();
    }

    int byteSize() {
      return bytes().length;
    }
  }

  private final Group root = new Group();

  public Group root() {
    return root;
  }

  private static void checkName(String part, String path) {
    if (part.isEmpty() || part.equals(".")) {
      throw new KerasInitException("HDF5 path \"" + path + "\" has an empty part");
    }
  }

  /**
   * Writes the metadata and returns the stream that takes each dataset's bytes, in {@code dataOrder} (every dataset
   * once). The caller closes {@code out}.
   */
  public Stream start(OutputStream out, List<Dataset> dataOrder) throws IOException {
    List<Object> objects = new ArrayList<>();
    collect(root, objects);
    Heap sizing = new Heap(0);
    long headersEnd = placeHeaders(objects, sizing);
    Heap heap = new Heap(headersEnd);
    long cursor = placeData(headersEnd + sizing.byteSize(), dataOrder);
    // Pass 2: the same headers with their final addresses.
    Bytes metadata = new Bytes();
    metadata.write(SIGNATURE);
    metadata.write(2); // superblock version
    metadata.write(8); // size of offsets
    metadata.write(8); // size of lengths
    metadata.write(0); // file consistency flags
    metadata.u64(0); // base address
    metadata.u64(UNDEFINED); // superblock extension
    metadata.u64(cursor); // end of file
    metadata.u64(root.address);
    metadata.u32(JenkinsLookup3HashLittle.hash(metadata.toByteArray()));
    for (Object o : objects) {
      metadata.write(header(o, heap));
    }
    metadata.write(heap.bytes());
    out.write(metadata.toByteArray());
    return new Stream(out, dataOrder);
  }

  /** The size of the file {@link #start} writes for these groups and datasets, in {@code dataOrder}. */
  public long fileSize(List<Dataset> dataOrder) {
    List<Object> objects = new ArrayList<>();
    collect(root, objects);
    Heap sizing = new Heap(0);
    long headersEnd = placeHeaders(objects, sizing);
    return placeData(headersEnd + sizing.byteSize(), dataOrder);
  }

  /**
   * Pass 1: header sizes (addresses are fixed-size, so any value will do), and so every header's address; the
   * strings go to {@code sizing}, a heap that only counts them. Returns where the global heap starts.
   */
  private long placeHeaders(List<Object> objects, Heap sizing) {
    long cursor = SUPERBLOCK_BYTES;
    for (Object o : objects) {
      setAddress(o, cursor);
      cursor += header(o, sizing).length;
    }
    return cursor;
  }

  /** Each dataset's address from {@code dataStart} on, in {@code dataOrder}; returns the end of the file. */
  private long placeData(long dataStart, List<Dataset> dataOrder) {
    long cursor = dataStart;
    for (Dataset d : dataOrder) {
      d.address = d.byteSize() == 0 ? UNDEFINED : cursor;
      cursor += d.byteSize();
    }
    return cursor;
  }

  /** Streams the datasets' bytes in the declared order. */
  public static final class Stream {
    private final OutputStream out;
    private final List<Dataset> order;
    private int next;

    private Stream(OutputStream out, List<Dataset> order) {
      this.out = out;
      this.order = order;
    }

    private long remaining = -1; // bytes the dataset begun last still expects; -1 between datasets

    /** {@code dataset}'s bytes (C order, little endian, as the tensor holds them), read in chunks. */
    public void write(Dataset dataset, ByteDataBuffer data) throws IOException {
      begin(dataset);
      TensorBytes.forEachChunk(data, TensorBytes.CHUNK_BYTES, this::write);
      end();
    }

    /** Starts {@code dataset}, the next in the declared order; its bytes follow in {@link #write} calls. */
    public void begin(Dataset dataset) {
      if (remaining >= 0 || next >= order.size() || order.get(next) != dataset) {
        throw new IllegalStateException("dataset \"" + dataset.name + "\" written out of the declared order");
      }
      remaining = dataset.byteSize();
    }

    /** The next {@code length} bytes of the dataset begun last. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (length > remaining) {
        throw new IllegalStateException("dataset \"" + order.get(next).name + "\": more bytes than its "
            + order.get(next).byteSize());
      }
      out.write(bytes, offset, length);
      remaining -= length;
    }

    private void write(byte[] bytes, int length) throws IOException {
      write(bytes, 0, length);
    }

    /** Ends the dataset begun last, which must have had all its bytes. */
    public void end() {
      if (remaining != 0) {
        throw new IllegalStateException("dataset \"" + order.get(next).name + "\": " + remaining + " bytes missing");
      }
      remaining = -1;
      next++;
    }

    /** Checks that every declared dataset was written. */
    public void finish() {
      if (next != order.size()) {
        throw new IllegalStateException((order.size() - next) + " datasets were never written");
      }
    }
  }

  private static void collect(Group g, List<Object> out) {
    out.add(g);
    for (Object child : g.children.values()) {
      if (child instanceof Group) {
        collect((Group) child, out);
      } else {
        out.add(child);
      }
    }
  }

  private static void setAddress(Object o, long address) {
    if (o instanceof Group) {
      ((Group) o).address = address;
    } else {
      ((Dataset) o).headerAddress = address;
    }
  }

  private static long addressOf(Object o) {
    return o instanceof Group ? ((Group) o).address : ((Dataset) o).headerAddress;
  }

  /** A version 2 object header: "OHDR", its messages in one chunk, the checksum. */
  private static byte[] header(Object o, Heap heap) {
    Bytes messages = new Bytes();
    if (o instanceof Group) {
      Group g = (Group) o;
      Bytes linkInfo = new Bytes();
      linkInfo.write(0); // version
      linkInfo.write(0); // flags: no creation order
      linkInfo.u64(UNDEFINED); // fractal heap: none, the links are messages of this header
      linkInfo.u64(UNDEFINED); // name index B-tree: none
      message(messages, 0x02, 0, linkInfo);
      Bytes groupInfo = new Bytes();
      groupInfo.write(0);
      groupInfo.write(0);
      message(messages, 0x0A, 0, groupInfo);
      for (Map.Entry<String, Object> e : g.children.entrySet()) {
        message(messages, 0x06, 0, link(e.getKey(), addressOf(e.getValue())));
      }
      attributes(messages, g.attributes, heap);
    } else {
      Dataset d = (Dataset) o;
      message(messages, 0x01, 0, dataspace(d.shape));
      message(messages, 0x03, 1, datatype(d.dtype));
      Bytes fill = new Bytes();
      fill.write(3); // version
      fill.write(0x02 | (0x02 << 2)); // allocated late, written if set; no fill value defined (zeros), as h5py
      message(messages, 0x05, 1, fill);
      Bytes layout = new Bytes();
      layout.write(3); // version
      layout.write(1); // contiguous
      layout.u64(d.address);
      layout.u64(d.byteSize());
      message(messages, 0x08, 0, layout);
      attributes(messages, d.attributes, heap);
    }
    byte[] body = messages.toByteArray();
    Bytes h = new Bytes();
    h.write('O');
    h.write('H');
    h.write('D');
    h.write('R');
    h.write(2); // version
    h.write(0x02); // flags: the chunk size takes 4 bytes; no times, no attribute phase change values
    h.u32(body.length);
    h.write(body);
    h.u32(JenkinsLookup3HashLittle.hash(h.toByteArray()));
    return h.toByteArray();
  }

  private static void message(Bytes out, int type, int flags, Bytes data) {
    byte[] bytes = data.toByteArray();
    if (bytes.length > 0xFFFF) {
      throw new KerasInitException("an HDF5 header message of " + bytes.length + " bytes; at most 65,535 fit");
    }
    out.write(type);
    out.u16(bytes.length);
    out.write(flags);
    out.write(bytes);
  }

  private static Bytes link(String name, long address) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = utf8.length == name.length();
    Bytes b = new Bytes();
    b.write(1); // version
    b.write((utf8.length > 0xFF ? 1 : 0) | (ascii ? 0 : 0x10)); // name length size; charset field if UTF-8
    if (!ascii) {
      b.write(1); // UTF-8
    }
    if (utf8.length > 0xFF) {
      b.u16(utf8.length);
    } else {
      b.write(utf8.length);
    }
    b.write(utf8);
    b.u64(address);
    return b;
  }

  private static void attributes(Bytes messages, Map<String, Object> attributes, Heap heap) {
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      Bytes type;
      Bytes space;
      byte[] data;
      Object value = e.getValue();
      if (value instanceof String) {
        type = variableLengthString(true);
        space = dataspace(new long[0]);
        data = heapReference(heap, (String) value);
      } else if (value instanceof FixedString) {
        type = variableLengthString(false);
        space = dataspace(new long[0]);
        data = heapReference(heap, ((FixedString) value).value);
      } else {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) value;
        if (list.isEmpty()) {
          type = datatype(DType.FLOAT64);
          space = dataspace(new long[] {0});
          data = new byte[0];
        } else {
          type = variableLengthString(false);
          space = dataspace(new long[] {list.size()});
          Bytes refs = new Bytes();
          for (String item : list) {
            refs.write(heapReference(heap, item));
          }
          data = refs.toByteArray();
        }
      }
      byte[] t = type.toByteArray();
      byte[] s = space.toByteArray();
      Bytes a = new Bytes();
      a.write(3); // version
      a.write(0); // flags
      a.u16(name.length + 1);
      a.u16(t.length);
      a.u16(s.length);
      a.write(1); // the name's charset: UTF-8
      a.write(name);
      a.write(0);
      a.write(t);
      a.write(s);
      a.write(data);
      message(messages, 0x0C, 0, a);
    }
  }

  /** A version 2 dataspace: scalar for rank 0, else simple with these dims (no max dims). */
  private static Bytes dataspace(long[] shape) {
    Bytes b = new Bytes();
    b.write(2); // version
    b.write(shape.length);
    b.write(0); // flags: no max dims
    b.write(shape.length == 0 ? 0 : 1); // scalar or simple
    for (long d : shape) {
      b.u64(d);
    }
    return b;
  }

  /** A variable-length string's 16 bytes: its length, the global heap's address, its object there. */
  private static byte[] heapReference(Heap heap, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    Bytes ref = new Bytes();
    ref.u32(utf8.length);
    ref.u64(heap.address);
    ref.u32(heap.add(utf8));
    return ref.toByteArray();
  }

  /** A variable-length string (null-terminated), its bytes in the global heap: h5py's str (UTF-8) or bytes. */
  private static Bytes variableLengthString(boolean utf8) {
    Bytes b = new Bytes();
    b.write((1 << 4) | 9); // version 1, class 9 (variable-length)
    b.write(1); // a string, null-terminated
    b.write(utf8 ? 1 : 0); // UTF-8 or ASCII
    b.write(0);
    b.u32(16); // length, heap address, object index
    b.write((1 << 4)); // base type: 1-byte unsigned fixed point, as the HDF5 library encodes it
    b.write(0);
    b.write(0);
    b.write(0);
    b.u32(1);
    b.u16(0);
    b.u16(8);
    return b;
  }

  /** The little-endian HDF5 datatype h5py writes for the numpy dtype; bfloat16 as 2-byte opaque, as Keras' h5py. */
  private static Bytes datatype(DType dtype) {
    Bytes b = new Bytes();
    switch (dtype) {
      case FLOAT16:
        floatType(b, 2, 15, 10, 5, 10, 15);
        break;
      case FLOAT32:
        floatType(b, 4, 31, 23, 8, 23, 127);
        break;
      case FLOAT64:
        floatType(b, 8, 63, 52, 11, 52, 1023);
        break;
      case BFLOAT16:
        b.write((1 << 4) | 5); // version 1, class 5 (opaque), no tag: what h5py makes of ml_dtypes' bfloat16
        b.write(0);
        b.write(0);
        b.write(0);
        b.u32(2);
        break;
      default:
        b.write((1 << 4)); // version 1, class 0 (fixed point)
        b.write(dtype.isUnsigned() ? 0 : 0x08); // little endian; signed
        b.write(0);
        b.write(0);
        b.u32(dtype.byteSize());
        b.u16(0); // bit offset
        b.u16(dtype.byteSize() * 8); // precision
    }
    return b;
  }

  private static void floatType(Bytes b, int size, int signBit, int exponentAt, int exponentBits, int mantissaBits,
      int bias) {
    b.write((1 << 4) | 1); // version 1, class 1 (floating point)
    b.write(0x20); // little endian, no padding, implied leading mantissa bit
    b.write(signBit);
    b.write(0);
    b.u32(size);
    b.u16(0); // bit offset
    b.u16(size * 8); // precision
    b.write(exponentAt);
    b.write(exponentBits);
    b.write(0); // mantissa location
    b.write(mantissaBits);
    b.u32(bias);
  }

  /** Little-endian bytes. */
  private static final class Bytes extends ByteArrayOutputStream {
    void u16(int v) {
      write(v);
      write(v >>> 8);
    }

    void u32(long v) {
      for (int i = 0; i < 4; i++) {
        write((int) (v >>> (8 * i)));
      }
    }

    void u64(long v) {
      for (int i = 0; i < 8; i++) {
        write((int) (v >>> (8 * i)));
      }
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }
  }
}
