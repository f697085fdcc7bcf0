package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.TensorBytes;
import io.github.kerasinit.text.PythonText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * NumPy's {@code .npz}: a zip of {@code <key>.npy} entries, stored uncompressed ({@code np.load(file)[key]}). Keys
 * may contain '/' (Keras weight paths do); numpy keeps them as written. Zip64 records where sizes or offsets pass
 * 4 GiB ({@link StoredZip}).
 *
 * <p>A whole array ({@link #add(String, DType, long[], ByteDataBuffer)}) is read from its native buffer in chunks,
 * twice: once for the CRC-32 that its local header carries, once to write it; so no array is copied whole to the Java
 * heap, whatever its size. An array streamed in parts ({@link #begin}, {@link #write}, {@link #end}) carries its
 * CRC-32 in a data descriptor after its data instead, which every zip reader but
 * {@link java.util.zip.ZipInputStream} accepts.
 */
public final class NpzWriter implements WeightsFileWriter {
  /** A zip entry name is at most 65,535 bytes; ".npy" takes 4 of them. */
  private static final int MAX_KEY_BYTES = 0xFFFF - ".npy".length();

  private final StoredZip zip;
  private final int chunkBytes;
  private byte[] scratch;

  public NpzWriter(OutputStream out) {
    this(out, TensorBytes.CHUNK_BYTES);
  }

  /** {@code chunkBytes}: how much of an array is copied to the heap at a time (small in tests, to cover the loop). */
  NpzWriter(OutputStream out, int chunkBytes) {
    this(out, chunkBytes, new StoredZip(out));
  }

  /** With zip64 records from {@code zip64From} bytes on (tests give 0: every record zip64, as past 4 GiB). */
  NpzWriter(OutputStream out, int chunkBytes, long zip64From) {
    this(out, chunkBytes, new StoredZip(out, zip64From));
  }

  private NpzWriter(OutputStream out, int chunkBytes, StoredZip zip) {
    this.zip = zip;
    this.chunkBytes = chunkBytes;
  }

  /** Refuses a key that cannot be a zip entry name, before anything is computed or written. */
  public static void checkKey(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new KerasInitException(String.format(Locale.ROOT, "weight path \"%s\" is %,d bytes long in UTF-8; a .npz"
          + " entry name holds at most %,d (plus \".npy\")", PythonText.abbreviate(key), bytes, MAX_KEY_BYTES));
    }
  }

  public void add(String key, DType dtype, long[] shape, byte[] data) throws IOException {
    add(key, dtype, shape, DataBuffers.of(data, true, false));
  }

  /** Adds {@code key}.npy with the bytes of {@code data} (C order, little endian), its CRC in its local header. */
  public void add(String key, DType dtype, long[] shape, ByteDataBuffer data) throws IOException {
    checkKey(key);
    byte[] head = Npy.header(Npy.descr(dtype), shape);
    CRC32 crc = new CRC32();
    crc.update(head);
    TensorBytes.forEachChunk(data, scratch(), (chunk, length) -> crc.update(chunk, 0, length));
    zip.begin(key + ".npy", head.length + data.size(), crc.getValue());
    zip.write(head, 0, head.length);
    TensorBytes.forEachChunk(data, scratch(), (chunk, length) -> zip.write(chunk, 0, length));
    zip.end();
  }

  /** The one array the weights' bytes pass through, made at the first weight. */
  private byte[] scratch() {
    if (scratch == null) {
      scratch = new byte[chunkBytes];
    }
    return scratch;
  }

  @Override
  public void add(WeightEntry entry, ByteDataBuffer data) throws IOException {
    add(entry.key(), entry.dtype(), entry.shape(), data);
  }

  /** Starts {@code key}.npy, whose data will come in parts. */
  @Override
  public void begin(WeightEntry entry) throws IOException {
    checkKey(entry.key());
    byte[] head = Npy.header(Npy.descr(entry.dtype()), entry.shape());
    zip.begin(entry.key() + ".npy", head.length + entry.bytes(), null);
    zip.write(head, 0, head.length);
  }

  @Override
  public void write(ByteDataBuffer part) throws IOException {
    TensorBytes.forEachChunk(part, scratch(), (chunk, length) -> zip.write(chunk, 0, length));
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    zip.write(bytes, offset, length);
  }

  @Override
  public boolean prefersWhole() {
    return true;
  }

  @Override
  public void end() throws IOException {
    zip.end();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
