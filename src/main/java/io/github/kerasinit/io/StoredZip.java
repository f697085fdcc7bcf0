package io.github.kerasinit.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A zip of uncompressed (STORED) entries written front to back to any stream (a pipe too), with zip64 records where
 * a size, an offset or the entry count needs them.
 *
 * <p>An entry whose CRC-32 is known before its data carries it in its local header, as {@link
 * java.util.zip.ZipOutputStream} writes stored entries. An entry streamed as it is computed cannot know it: it sets
 * flag bit 3 and follows its data with a data descriptor holding the CRC, as the zip format allows. numpy
 * ({@code np.load}), Python's {@code zipfile}, {@code unzip} and {@link java.util.zip.ZipFile} read both (they read
 * the central directory); {@link java.util.zip.ZipInputStream} refuses a stored entry with a descriptor. Timestamps
 * are fixed (1980-01-01), so the same entries give the same bytes.
 */
final class StoredZip implements AutoCloseable {
  private static final long MAX32 = 0xFFFF_FFFFL;
  private static final int DOS_DATE_1980_01_01 = (1 << 5) | 1;
  private static final int FLAG_DESCRIPTOR = 0x0008;
  private static final int FLAG_UTF8 = 0x0800;

  private record Entry(byte[] name, long offset, long size, long crc, int flags, boolean zip64) {}

  private final OutputStream out;
  private final List<Entry> entries = new ArrayList<>();
  private long position;
  // the entry being written
  private byte[] name;
  private long offset;
  private long size;
  private Long knownCrc;
  private boolean zip64;
  private CRC32 crc;
  private long written;

  /** Sizes and offsets from this value on get zip64 records: 2^32 - 1, lower only in tests. */
  private final long zip64From;

  StoredZip(OutputStream out) {
    this(out, MAX32);
  }

  StoredZip(OutputStream out, long zip64From) {
    this.out = out;
    this.zip64From = zip64From;
  }

  /** Starts an entry of {@code size} bytes; {@code crc} null streams it with a data descriptor. */
  void begin(String entryName, long entrySize, Long entryCrc) throws IOException {
    if (name != null) {
      throw new IllegalStateException("entry " + new String(name, StandardCharsets.UTF_8) + " is not finished");
    }
    name = entryName.getBytes(StandardCharsets.UTF_8);
    offset = position;
    size = entrySize;
    knownCrc = entryCrc;
    zip64 = size >= zip64From || offset >= zip64From;
    crc = new CRC32();
    written = 0;
    boolean descriptor = entryCrc == null;
    ByteBuffer h = little(30 + name.length + (zip64 ? 20 : 0));
    h.putInt(0x04034b50).putShort((short) (zip64 ? 45 : 20))
        .putShort((short) (FLAG_UTF8 | (descriptor ? FLAG_DESCRIPTOR : 0))).putShort((short) 0)
        .putShort((short) 0).putShort((short) DOS_DATE_1980_01_01)
        .putInt(descriptor ? 0 : (int) (long) entryCrc);
    long headerSize = descriptor ? 0 : zip64 ? MAX32 : size;
    h.putInt((int) headerSize).putInt((int) headerSize);
    h.putShort((short) name.length).putShort((short) (zip64 ? 20 : 0)).put(name);
    if (zip64) {
      long local = descriptor ? 0 : size;
      h.putShort((short) 1).putShort((short) 16).putLong(local).putLong(local);
    }
    emit(h);
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (written + len > size) {
      throw new IllegalStateException("entry " + new String(name, StandardCharsets.UTF_8) + " has " + size
          + " bytes; " + (written + len) + " written");
    }
    crc.update(b, off, len);
    out.write(b, off, len);
    written += len;
    position += len;
  }

  void end() throws IOException {
    if (written != size) {
      throw new IllegalStateException("entry " + new String(name, StandardCharsets.UTF_8) + " has " + size
          + " bytes; " + written + " written");
    }
    long value = crc.getValue();
    if (knownCrc != null && knownCrc != value) {
      throw new IllegalStateException("entry " + new String(name, StandardCharsets.UTF_8) + ": CRC changed");
    }
    int flags = FLAG_UTF8;
    if (knownCrc == null) {
      flags |= FLAG_DESCRIPTOR;
      ByteBuffer d = little(zip64 ? 24 : 16);
      d.putInt(0x08074b50).putInt((int) value);
      if (zip64) {
        d.putLong(size).putLong(size);
      } else {
        d.putInt((int) size).putInt((int) size);
      }
      emit(d);
    }
    entries.add(new Entry(name, offset, size, value, flags, zip64));
    name = null;
  }

  /** Writes the central directory (and the zip64 end records when needed); does not close the stream. */
  void finish() throws IOException {
    if (name != null) { // a directory would make a zip without the rest of this entry look whole
      throw new IllegalStateException("entry " + new String(name, StandardCharsets.UTF_8) + " is not finished");
    }
    long cdStart = position;
    for (Entry e : entries) {
      boolean bigSize = e.size >= zip64From;
      boolean bigOffset = e.offset >= zip64From;
      int extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
      ByteBuffer c = little(46 + e.name.length + (extra > 0 ? 4 + extra : 0));
      c.putInt(0x02014b50).putShort((short) (e.zip64 ? 45 : 20)).putShort((short) (e.zip64 ? 45 : 20))
          .putShort((short) e.flags).putShort((short) 0).putShort((short) 0).putShort((short) DOS_DATE_1980_01_01)
          .putInt((int) e.crc).putInt((int) (bigSize ? MAX32 : e.size)).putInt((int) (bigSize ? MAX32 : e.size))
          .putShort((short) e.name.length).putShort((short) (extra > 0 ? 4 + extra : 0)).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) (bigOffset ? MAX32 : e.offset))
          .put(e.name);
      if (extra > 0) {
        c.putShort((short) 1).putShort((short) extra);
        if (bigSize) {
          c.putLong(e.size).putLong(e.size);
        }
        if (bigOffset) {
          c.putLong(e.offset);
        }
      }
      emit(c);
    }
    long cdSize = position - cdStart;
    long count = entries.size();
    boolean zip64End = count >= 0xFFFF || cdStart >= zip64From || cdSize >= zip64From;
    if (zip64End) {
      long recordStart = position;
      ByteBuffer z = little(56 + 20);
      z.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
          .putLong(count).putLong(count).putLong(cdSize).putLong(cdStart);
      z.putInt(0x07064b50).putInt(0).putLong(recordStart).putInt(1);
      emit(z);
    }
    ByteBuffer end = little(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
        .putShort((short) (zip64End ? 0xFFFF : count)).putShort((short) (zip64End ? 0xFFFF : count))
        .putInt((int) (zip64End ? MAX32 : cdSize)).putInt((int) (zip64End ? MAX32 : cdStart)).putShort((short) 0);
    emit(end);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    finish();
    out.close();
  }

  private static ByteBuffer little(int capacity) {
    return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void emit(ByteBuffer b) throws IOException {
    out.write(b.array(), 0, b.position());
    position += b.position();
  }
}
