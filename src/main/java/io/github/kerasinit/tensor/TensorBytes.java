package io.github.kerasinit.tensor;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/** A tensor's raw bytes: C order, little endian (TF's layout on every platform TF-Java ships for). */
public final class TensorBytes {
  private TensorBytes() {}

  public static byte[] of(Tensor tensor) {
    ByteDataBuffer data = tensor.asRawTensor().data();
    long n = data.size();
    if (n > Integer.MAX_VALUE - 8) {
      throw new io.github.kerasinit.KerasInitException("tensor of " + n + " bytes does not fit in a Java array");
    }
    byte[] out = new byte[(int) n];
    data.read(out);
    return out;
  }
}
