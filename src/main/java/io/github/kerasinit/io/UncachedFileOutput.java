package io.github.kerasinit.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An output stream to a new file opened with {@code O_DIRECT} ({@link com.sun.nio.file.ExtendedOpenOption#DIRECT}):
 * the bytes go from this stream's buffer to the disk without a copy into the page cache. For files of gigabytes that
 * are written once, that copy is most of the cost of writing them, and filling the page cache with them evicts
 * everything else the machine had cached. Measured on this project's 2-core VM, 4 GiB in 16 MiB writes: buffered 9-12 s
 * wall and as much CPU, direct 2.7-2.8 s wall and 0.3 s of CPU.
 *
 * <p>{@code O_DIRECT} needs every write to start at a multiple of the file system's block size, from memory aligned to
 * it, and to be a multiple of it long: bytes gather in an aligned 16 MiB buffer written whole, and at the end the last
 * partial block is padded with zeros and the file truncated back to its length.
 */
final class UncachedFileOutput extends OutputStream {
  private static final int BUFFER_BYTES = 16 << 20;

  private final FileChannel channel;
  private final int block;
  private final ByteBuffer buffer;
  private long length;
  private boolean closed;

  /** {@code channel}: a new, empty file opened with {@code DIRECT}; {@code block}: its alignment, a power of two. */
  UncachedFileOutput(FileChannel channel, int block) {
    this.channel = channel;
    this.block = block;
    this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES + block).alignedSlice(block).limit(BUFFER_BYTES);
  }

  @Override
  public void write(int b) throws IOException {
    if (!buffer.hasRemaining()) {
      writeBuffer();
    }
    buffer.put((byte) b);
    length++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buffer.hasRemaining()) {
        writeBuffer();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
      length += n;
    }
  }

  /**
   * Does nothing: an uncached file takes whole blocks only, so buffered bytes reach it when the buffer fills and on
   * {@link #close}, which every caller of {@link OutputFiles} gets before the file is renamed into place.
   */
  @Override
  public void flush() {
    // see above
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (FileChannel c = channel) {
      int tail = buffer.position();
      if (tail > 0) {
        int padded = (tail + block - 1) / block * block;
        buffer.limit(padded);
        while (buffer.hasRemaining()) {
          buffer.put((byte) 0);
        }
        writeBuffer();
        c.truncate(length);
      }
    }
  }

  private void writeBuffer() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear().limit(BUFFER_BYTES);
  }
}
