package io.github.kerasinit.io;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Pointer;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.impl.buffer.raw.RawDataBufferFactory;

/**
 * A direct buffer's memory as one of ndarray's raw buffers, which a tensor's bytes are copied into with one
 * {@code Unsafe.copyMemory}: TF-Java copies into {@code DataBuffers.of(ByteBuffer)} of a direct buffer byte by byte
 * (5.0-6.0 s for 256 MiB, against 31-39 ms through a Java array). ndarray lets a subclass of its factory map native
 * memory, as TF-Java maps its tensors; JavaCPP (loaded with TensorFlow) gives the buffer's address.
 */
final class RawViews extends RawDataBufferFactory {
  private RawViews() {}

  /** The whole capacity of {@code direct} (a direct buffer), valid while {@code direct} is reachable. */
  static ByteDataBuffer of(ByteBuffer direct) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("a raw view needs a direct buffer");
    }
    return mapNativeBytes(new Pointer(direct).address(), direct.capacity(), false);
  }
}
