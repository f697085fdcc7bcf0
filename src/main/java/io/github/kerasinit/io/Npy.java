package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * NumPy's {@code .npy} format, version 1.0: a magic string, a Python-dict header padded to 64 bytes, then the raw
 * data in C order. Written by hand because the format is a few lines and the Java NPY libraries do not know
 * bfloat16 (stored here as its raw uint16 bits, {@code '<u2'}, as the parity suite expects).
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** The numpy descr for a dtype; bfloat16 is written as its bits. */
  public static String descr(DType dtype) {
    switch (dtype) {
      case FLOAT16:
        return "<f2";
      case BFLOAT16:
      case UINT16:
        return "<u2";
      case FLOAT32:
        return "<f4";
      case FLOAT64:
        return "<f8";
      case INT32:
        return "<i4";
      case INT64:
        return "<i8";
      case UINT8:
        return "|u1";
      case BOOL:
        return "|b1";
      default:
        throw new IllegalArgumentException(dtype.toString());
    }
  }

  /** Writes one array: header and little-endian C-order bytes. */
  public static void write(OutputStream out, DType dtype, long[] shape, byte[] data) throws IOException {
    out.write(header(descr(dtype), shape));
    out.write(data);
  }

  /** As {@link #write(OutputStream, DType, long[], byte[])}, streaming a native buffer of any size in chunks. */
  public static void write(OutputStream out, DType dtype, long[] shape, ByteDataBuffer data) throws IOException {
    out.write(header(descr(dtype), shape));
    TensorBytes.forEachChunk(data, TensorBytes.CHUNK_BYTES, (chunk, length) -> out.write(chunk, 0, length));
  }

  static byte[] header(String descr, long[] shape) {
    String dims = shape.length == 1 ? shape[0] + ","
        : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    StringBuilder sb = new StringBuilder(dict);
    sb.append(" ".repeat(padding)).append('\n');
    byte[] text = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[MAGIC.length + 2 + text.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = (byte) text.length;
    out[MAGIC.length + 1] = (byte) (text.length >> 8);
    System.arraycopy(text, 0, out, MAGIC.length + 2, text.length);
    return out;
  }

  /** An array read back: its numpy descr, shape and raw bytes. */
  public static final class Array {
    public final String descr;
    public final long[] shape;
    public final byte[] data;

    Array(String descr, long[] shape, byte[] data) {
      this.descr = descr;
      this.shape = shape;
      this.data = data;
    }
  }

  /** Reads a version 1.x or 2.x {@code .npy} in C order. */
  public static Array read(InputStream in) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || magic[0] != (byte) 0x93 || magic[1] != 'N' || magic[5] != 'Y') {
      throw new KerasInitException("not a .npy file (bad magic)");
    }
    int headerLength;
    if (magic[6] == 1) {
      byte[] len = in.readNBytes(2);
      headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
    } else {
      byte[] len = in.readNBytes(4);
      headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8 | (len[2] & 0xff) << 16 | (len[3] & 0xff) << 24;
    }
    String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher o = ORDER.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !o.find() || !s.find()) {
      throw new KerasInitException("unreadable .npy header: " + header.trim());
    }
    if (o.group(1).equals("True")) {
      throw new KerasInitException(".npy in Fortran order is not supported");
    }
    long[] shape = Arrays.stream(s.group(1).split(","))
        .map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    in.transferTo(data);
    return new Array(d.group(1), shape, data.toByteArray());
  }
}
