package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip of {@code <key>.npy} entries, stored uncompressed ({@code np.load(file)[key]}). Keys
 * may contain '/' (Keras weight paths do); numpy keeps them as written.
 */
public final class NpzWriter implements AutoCloseable {
  private final ZipOutputStream zip;

  public NpzWriter(OutputStream out) {
    zip = new ZipOutputStream(out);
    zip.setMethod(ZipOutputStream.STORED);
  }

  public void add(String key, DType dtype, long[] shape, byte[] data) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    Npy.write(header, dtype, shape, new byte[0]);
    byte[] head = header.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(head);
    crc.update(data);
    ZipEntry entry = new ZipEntry(key + ".npy");
    entry.setMethod(ZipEntry.STORED);
    entry.setSize((long) head.length + data.length);
    entry.setCompressedSize((long) head.length + data.length);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(head);
    zip.write(data);
    zip.closeEntry();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
