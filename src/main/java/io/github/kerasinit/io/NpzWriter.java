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
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * NumPy's {@code .npz}: a zip of {@code <key>.npy} entries, stored uncompressed ({@code np.load(file)[key]}). Keys
 * may contain '/' (Keras weight paths do); numpy keeps them as written.
 *
 * <p>An array is read from its native buffer in chunks, twice: once for the CRC-32 that a stored zip entry's header
 * carries before its data, once to write it. So no array is ever copied whole to the Java heap, and an array of
 * 2 GiB or more (beyond a Java array) is written like any other; {@link ZipOutputStream} adds the zip64 records
 * numpy reads for entries and offsets past 4 GiB.
 */
public final class NpzWriter implements AutoCloseable {
  /** A zip entry name is at most 65,535 bytes; ".npy" takes 4 of them. */
  private static final int MAX_KEY_BYTES = 0xFFFF - ".npy".length();

  private final ZipOutputStream zip;
  private final int chunkBytes;

  public NpzWriter(OutputStream out) {
    this(out, TensorBytes.CHUNK_BYTES);
  }

  /** {@code chunkBytes}: how much of an array is copied to the heap at a time (small in tests, to cover the loop). */
  NpzWriter(OutputStream out, int chunkBytes) {
    zip = new ZipOutputStream(out);
    zip.setMethod(ZipOutputStream.STORED);
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

  /** Adds {@code key}.npy with the bytes of {@code data} (C order, little endian), read from it in chunks. */
  public void add(String key, DType dtype, long[] shape, ByteDataBuffer data) throws IOException {
    checkKey(key);
    byte[] head = Npy.header(Npy.descr(dtype), shape);
    CRC32 crc = new CRC32();
    crc.update(head);
    TensorBytes.forEachChunk(data, chunkBytes, (chunk, length) -> crc.update(chunk, 0, length));
    long size = head.length + data.size();
    ZipEntry entry = new ZipEntry(key + ".npy");
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(head);
    TensorBytes.forEachChunk(data, chunkBytes, (chunk, length) -> zip.write(chunk, 0, length));
    zip.closeEntry();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
