package io.github.kerasinit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.Ones;
import io.github.kerasinit.catalog.Zeros;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.EagerSession;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/** A weight filled in Java has the bytes of Keras' Zeros and Ones made by TF's ops, in every dtype. */
class FilledTensorsTest {
  /** Shapes: a scalar, an empty tensor, one not a multiple of the copy block, one of several blocks. */
  private static final long[][] SHAPES = {{}, {0, 3}, {7, 5}, {300, 257}};

  @ParameterizedTest
  @EnumSource(DType.class)
  void zerosAndOnesAreTheOpsBytes(DType dtype) {
    for (KerasInitializer init : new KerasInitializer[] {new Zeros(), new Ones()}) {
      for (long[] shape : SHAPES) {
        byte[] expected;
        try (EagerSession s = EagerSession.create()) {
          expected = TensorBytes.of(init.call(Ops.create(s), Shape.of(shape), dtype).asTensor());
        }
        try (Tensor filled = FilledTensors.of(dtype, shape, init.fillValue().getAsDouble())) {
          assertArrayEquals(expected, TensorBytes.of(filled), init.className() + " " + dtype);
          assertArrayEquals(shape, filled.shape().asArray());
        }
      }
    }
  }

  @Test
  void anIntegerDtypeRefusesAFraction() {
    assertThrows(IllegalArgumentException.class, () -> FilledTensors.of(DType.INT32, new long[] {2}, 0.5));
  }
}
