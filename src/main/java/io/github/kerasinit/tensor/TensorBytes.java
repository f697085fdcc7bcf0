package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import io.github.kerasinit.JvmOptions;
import io.github.kerasinit.KerasInitException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/** A tensor's raw bytes: C order, little endian (TF's layout on every platform TF-Java ships for). */
public final class TensorBytes {
  private TensorBytes() {}

  /** Chunks of this size keep the heap small and the per-chunk overhead negligible; a multiple of every dtype size. */
  public static final int CHUNK_BYTES = 1 << 20;

  /**
   * A copy of a tensor's bytes on the Java heap, for tensors known to be small (tests, doctor, window constants):
   * outputs stream from native memory with {@link #forEachChunk} instead, without this copy and its 2 GiB limit.
   */
  public static byte[] of(Tensor tensor) {
    return of(tensor, "a tensor");
  }

  /**
   * The tensor's bytes as a Java array, which the Java heap must hold: when it cannot, a KerasInitException names
   * {@code what} ("weight dense/kernel"), the bytes it needs and the heap's maximum.
   */
  public static byte[] of(Tensor tensor, String what) {
    ByteDataBuffer data = tensor.asRawTensor().data();
    long n = data.size();
    if (n > Integer.MAX_VALUE - 8) {
      throw new KerasInitException(String.format(Locale.ROOT, "%s has %,d bytes, more than a Java array holds (2 GiB)",
          what, n));
    }
    byte[] out;
    try {
      out = new byte[(int) n];
    } catch (OutOfMemoryError e) { // only this array failed: the heap is as it was, so the error can be reported
      throw new KerasInitException(String.format(Locale.ROOT, "out of memory: %s needs %,d bytes of Java heap to be"
          + " read, and this JVM's heap is at most %,d MiB; raise -Xmx (for the keras-init command:"
          + " KERAS_INIT_JAVA_OPTS=\"%s -Xmx%dg\")", what, n,
          Runtime.getRuntime().maxMemory() >> 20, JvmOptions.LAUNCHER_DEFAULT, suggestedHeapGiB(n)), e);
    }
    data.read(out);
    // The buffer does not own the native memory; the tensor does, and an eager session holds its results only
    // weakly. Without this the tensor could be collected (and its memory freed) while data.read copies from it.
    Reference.reachabilityFence(tensor);
    return out;
  }

  /** The native buffer of a tensor's bytes, read without copying it to the heap; the caller keeps the tensor open. */
  public static ByteDataBuffer data(Tensor tensor) {
    return tensor.asRawTensor().data();
  }

  /** What {@link #forEachChunk} hands each chunk to: {@code chunk[0, length)} is valid until the next call. */
  @FunctionalInterface
  public interface ChunkConsumer<E extends Exception> {
    void accept(byte[] chunk, int length) throws E;
  }

  /**
   * Reads {@code data} in order, in chunks of at most {@code chunkBytes} copied into one reused array: the way to
   * stream a tensor of any size (a Java array stops at 2^31 - 1 bytes) with a heap footprint of one chunk.
   */
  public static <E extends Exception> void forEachChunk(ByteDataBuffer data, int chunkBytes, ChunkConsumer<E> consumer)
      throws E {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunkBytes must be positive, got " + chunkBytes);
    }
    forEachChunk(data, new byte[(int) Math.min(chunkBytes, Math.max(data.size(), 1))], consumer);
  }

  /**
   * As {@link #forEachChunk(ByteDataBuffer, int, ChunkConsumer)}, through the caller's {@code scratch} array, whose
   * length is the chunk: a writer reuses one for every weight (a new 1 MiB array per weight and pass was 74 MB of
   * garbage in ResNet50's .npz, collected by several pauses of the young generation).
   */
  public static <E extends Exception> void forEachChunk(ByteDataBuffer data, byte[] scratch,
      ChunkConsumer<E> consumer) throws E {
    if (scratch.length == 0) {
      throw new IllegalArgumentException("the scratch array is empty");
    }
    long size = data.size();
    for (long offset = 0; offset < size; offset += scratch.length) {
      int length = (int) Math.min(scratch.length, size - offset);
      data.slice(offset, length).read(scratch, 0, length);
      consumer.accept(scratch, length);
    }
  }

  /**
   * The SHA-256 of {@code data} as lowercase hex, read in chunks: how the goldens (python-parity) and the CLI's JSON
   * outputs name a value's bytes.
   */
  public static String sha256(ByteDataBuffer data) {
    MessageDigest digest = sha256();
    update(digest, data);
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A new SHA-256 digest, for a value that arrives in parts ({@link #update}). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Adds {@code data}'s bytes to {@code digest}, read in chunks. */
  public static void update(MessageDigest digest, ByteDataBuffer data) {
    forEachChunk(data, CHUNK_BYTES, (chunk, length) -> digest.update(chunk, 0, length));
  }


  /** Room for the array twice over (the previous one may not be collected yet) and the rest of the tool, in GiB. */
  private static long suggestedHeapGiB(long bytes) {
    return (2 * bytes + (256L << 20) + (1L << 30) - 1) >> 30;
  }

  /** Element {@code i} of little-endian {@code bytes} of {@code dtype}, as a double (bool as 0 or 1). */
  public static double doubleAt(DType dtype, ByteBuffer bytes, int i) {
    switch (dtype) {
      case FLOAT16:
        return HalfPrecision.halfBitsToDouble(bytes.getShort(2 * i));
      case BFLOAT16:
        return HalfPrecision.bfloat16BitsToDouble(bytes.getShort(2 * i));
      case FLOAT32:
        return bytes.getFloat(4 * i);
      case FLOAT64:
        return bytes.getDouble(8 * i);
      case INT32:
        return bytes.getInt(4 * i);
      case INT64:
        return bytes.getLong(8 * i);
      case UINT16:
        return bytes.getShort(2 * i) & 0xffff;
      case UINT8:
      case BOOL:
        return bytes.get(i) & 0xff;
      default:
        throw new IllegalArgumentException("no element decoding for " + dtype);
    }
  }

  /** Every element of little-endian {@code bytes} of {@code dtype}, as doubles. */
  public static double[] toDoubles(DType dtype, byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[bytes.length / dtype.byteSize()];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubleAt(dtype, b, i);
    }
    return out;
  }

  /** Little-endian bytes of float {@code values} in a float dtype, each rounded to it (to nearest even) once. */
  public static byte[] fromDoubles(DType dtype, double[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      switch (dtype) {
        case FLOAT64:
          b.putDouble(v);
          break;
        case FLOAT32:
          b.putFloat((float) v);
          break;
        case FLOAT16:
          b.putShort(HalfPrecision.doubleToHalfBits(v));
          break;
        case BFLOAT16:
          b.putShort(HalfPrecision.floatToBfloat16Bits((float) v));
          break;
        default:
          throw new IllegalArgumentException(dtype + " is not a float dtype");
      }
    }
    return b.array();
  }
}
