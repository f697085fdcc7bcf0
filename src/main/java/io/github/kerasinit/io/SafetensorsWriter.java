package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.text.PythonText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON header naming each
 * tensor's {@code dtype}, {@code shape} and {@code data_offsets} (padded with spaces to a multiple of 8 bytes), then
 * the tensors' bytes back to back, C order, little endian. The header needs every tensor's size, so the writer is
 * given all entries up front and they are then written in that order, each in as many parts as it comes in.
 */
public final class SafetensorsWriter implements WeightsFileWriter {
  private final OutputStream out;
  private final List<WeightEntry> entries;
  private int next;
  private WeightEntry current;
  private long written;

  public SafetensorsWriter(OutputStream out, List<WeightEntry> entries) throws IOException {
    this.out = out;
    this.entries = List.copyOf(entries);
    out.write(prefix(this.entries));
  }

  /** What precedes the data: the header's 8-byte length and the header, for these entries in this order. */
  public static byte[] prefix(List<WeightEntry> entries) {
    byte[] header = header(entries);
    ByteBuffer out = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
    return out.putLong(header.length).put(header).array();
  }

  /** The safetensors dtype name: F16, BF16, F32, F64, I32, I64, U8, U16, BOOL. */
  public static String dtypeName(DType dtype) {
    switch (dtype) {
      case FLOAT16:
        return "F16";
      case BFLOAT16:
        return "BF16";
      case FLOAT32:
        return "F32";
      case FLOAT64:
        return "F64";
      case INT32:
        return "I32";
      case INT64:
        return "I64";
      case UINT8:
        return "U8";
      case UINT16:
        return "U16";
      default:
        return "BOOL";
    }
  }

  static byte[] header(List<WeightEntry> entries) {
    StringBuilder sb = new StringBuilder("{\"__metadata__\":{\"format\":\"keras-init\"}");
    long offset = 0;
    for (WeightEntry e : entries) {
      long end = offset + e.bytes();
      sb.append(',').append(PythonText.jsonString(e.key())).append(":{\"dtype\":\"").append(dtypeName(e.dtype()))
          .append("\",\"shape\":[");
      long[] shape = e.shape();
      for (int i = 0; i < shape.length; i++) {
        sb.append(i > 0 ? "," : "").append(shape[i]);
      }
      sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    sb.append('}');
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    int padding = (8 - bytes.length % 8) % 8;
    byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + padding);
    java.util.Arrays.fill(padded, bytes.length, padded.length, (byte) ' ');
    return padded;
  }

  @Override
  public void begin(WeightEntry entry) {
    if (current != null || next >= entries.size() || !entries.get(next).key().equals(entry.key())) {
      throw new IllegalStateException("safetensors entries must come in their header's order; got " + entry.key());
    }
    current = entries.get(next++);
    written = 0;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    count(length);
    out.write(bytes, offset, length);
  }

  /** A file past the page cache takes the tensor's bytes with one copy ({@link UncachedFileOutput#write}). */
  @Override
  public void write(ByteDataBuffer part) throws IOException {
    if (out instanceof UncachedFileOutput uncached) {
      count(part.size());
      uncached.write(part);
    } else {
      WeightsFileWriter.super.write(part);
    }
  }

  private void count(long length) {
    if (written + length > current.bytes()) {
      throw new IllegalStateException(current.key() + ": more bytes than its shape holds");
    }
    written += length;
  }

  @Override
  public void end() {
    if (written != current.bytes()) {
      throw new IllegalStateException(current.key() + ": " + written + " of " + current.bytes() + " bytes written");
    }
    current = null;
  }

  @Override
  public void close() throws IOException {
    if (next != entries.size() || current != null) {
      throw new KerasInitException(String.format(Locale.ROOT, "safetensors file closed after %d of %d tensors",
          next, entries.size()));
    }
    out.close();
  }
}
