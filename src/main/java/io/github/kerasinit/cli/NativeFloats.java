package io.github.kerasinit.cli;

import java.lang.reflect.Field;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataStorageVisitor;
import sun.misc.Unsafe;

/**
 * float32 values read where a tensor keeps them, in native memory, for the statistics' pass: without the copy into a
 * Java array, which cost a third of that pass (launcher's C1, 32 MiB of floats: 1.29-1.35 ns per value copied and
 * summed, 0.89-0.97 read in place). ndarray's public {@link DataStorageVisitor} gives a raw buffer's address and byte
 * length; {@code sun.misc.Unsafe}, which ndarray and TF-Java already need for every tensor, reads it. ndarray's own
 * {@code getFloat(i)} (4.8 ns under C1) and a direct {@code FloatBuffer} (2.4-5 ns) are slower than the copy.
 */
final class NativeFloats {
  private static final Unsafe UNSAFE = unsafe();

  private NativeFloats() {}

  /**
   * The address of {@code bytes}' first byte where they are {@code bytes.size()} bytes of native memory and can be
   * read here; -1 otherwise (a Java array's buffer), where the caller reads them some other way.
   */
  static long address(ByteDataBuffer bytes) {
    if (UNSAFE == null) {
      return -1;
    }
    long size = bytes.size();
    return bytes.accept(new DataStorageVisitor<Long>() {
      @Override
      public Long visit(long address, long length, long scale) {
        return length == size && scale == 1 ? address : -1L;
      }

      @Override
      public Long fallback() {
        return -1L;
      }
    });
  }

  /**
   * The float at {@code address}: an address from {@link #address} plus a multiple of 4 below its buffer's byte size,
   * read while the tensor that owns the memory is open (a wrong address can crash the JVM; no check here is free).
   */
  static float at(long address) {
    return UNSAFE.getFloat(address);
  }

  private static Unsafe unsafe() {
    try {
      Field f = Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (Unsafe) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // the callers read through a copy instead
    }
  }
}
