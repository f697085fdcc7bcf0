package io.github.kerasinit.io;

import io.github.kerasinit.KerasInitException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip entry's data whose CRC-32 is checked when its end is read: {@link ZipFile} checks none for a stored entry (a
 * .npz's, a .keras' config.json), so a damaged byte would pass for another value, where Python's zipfile raises "Bad
 * CRC-32". Read it to the end (a short read checks nothing).
 */
public final class CheckedZipEntry extends FilterInputStream {
  private final CRC32 crc = new CRC32();
  private final ZipEntry entry;
  private final Object file;

  private CheckedZipEntry(InputStream in, ZipEntry entry, Object file) {
    super(in);
    this.entry = entry;
    this.file = file;
  }

  /** The data of {@code entry} in {@code zip}; {@code file} names the user's file in the error. */
  public static InputStream open(ZipFile zip, ZipEntry entry, Object file) throws IOException {
    return new CheckedZipEntry(zip.getInputStream(entry), entry, file);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      check();
    } else {
      crc.update(b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      check();
    } else {
      crc.update(b, off, n);
    }
    return n;
  }

  /** Skipped bytes are read all the same: each must pass through the CRC. */
  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.max(0, Math.min(n, 8192))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  private void check() {
    if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
      throw new KerasInitException(String.format(Locale.ROOT, "%s is damaged: entry %s has CRC-32 %08x, its zip"
          + " directory says %08x", file, entry.getName(), crc.getValue(), entry.getCrc()));
    }
  }
}
