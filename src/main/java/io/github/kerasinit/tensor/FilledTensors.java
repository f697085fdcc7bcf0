package io.github.kerasinit.tensor;

import io.github.kerasinit.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * Tensors whose every element is one value (Keras' Zeros and Ones), made in Java: the element's bytes in the dtype
 * copied over a tensor TF allocates. Building and running a Fill op per weight (265 of ResNet50's 320 weights are
 * zeros or ones) cost whole processes, medians of 7: ResNet50 0.77 -> 0.72 s, EfficientNetB0 0.73 -> 0.69 s. The
 * bytes are the same ({@code FilledTensorsTest} compares them with the ops' in every dtype).
 */
public final class FilledTensors {
  /** Bytes written per copy: the pattern repeated. */
  private static final int BLOCK_BYTES = 1 << 16;

  private FilledTensors() {}

  /** A new tensor of {@code shape} in {@code dtype} with every element {@code value}; the caller closes it. */
  public static Tensor of(DType dtype, long[] shape, double value) {
    byte[] element = element(dtype, value);
    Tensor tensor = Tensor.of(dtype.type(), Shape.of(shape));
    ByteDataBuffer data = TensorBytes.data(tensor);
    long size = data.size();
    byte[] block = new byte[(int) Math.min(size, BLOCK_BYTES / element.length * element.length)];
    // the pattern doubled copy by copy: an element per copy was 130,000 interpreted copies for ResNet50's fills
    int filled = Math.min(element.length, block.length);
    System.arraycopy(element, 0, block, 0, filled);
    while (filled < block.length) {
      int n = Math.min(filled, block.length - filled);
      System.arraycopy(block, 0, block, filled, n);
      filled += n;
    }
    for (long at = 0; at < size; at += block.length) {
      int length = (int) Math.min(block.length, size - at);
      data.slice(at, length).write(block, 0, length);
    }
    return tensor;
  }

  /** One element's little-endian bytes: floats rounded to the dtype once, integers and bool exactly. */
  static byte[] element(DType dtype, double value) {
    switch (dtype) {
      case FLOAT16:
      case BFLOAT16:
      case FLOAT32:
      case FLOAT64:
        return TensorBytes.fromDoubles(dtype, new double[] {value});
      case BOOL:
        return new byte[] {(byte) (value != 0 ? 1 : 0)};
      default:
        if (value != Math.rint(value)) {
          throw new IllegalArgumentException(value + " is not a " + dtype.kerasName() + " value");
        }
        ByteBuffer b = ByteBuffer.allocate(dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        long v = (long) value;
        for (int i = 0; i < dtype.byteSize(); i++) {
          b.put((byte) (v >>> (8 * i)));
        }
        return b.array();
    }
  }
}
