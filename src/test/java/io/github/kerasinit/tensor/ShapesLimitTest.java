package io.github.kerasinit.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** The memory limit: physical memory by default (surefire sets no kerasinit.maxTensorBytes), asked only above 256 MiB. */
class ShapesLimitTest {
  @Test
  void theLimitIsThisMachinesMemoryAndSmallSizesAreWithinIt() {
    assertTrue(Shapes.maxTensorBytes() > 256L << 20, "limit " + Shapes.maxTensorBytes());
    assertFalse(Shapes.exceedsLimit(256L << 20));
    assertFalse(Shapes.exceedsLimit(Shapes.maxTensorBytes()));
    assertTrue(Shapes.exceedsLimit(Shapes.maxTensorBytes() + 1));
  }

  @Test
  void aShapeBeyondTheLimitOrBeyond2To63BytesIsRefusedWithItsSize() {
    KerasInitException big = assertThrows(KerasInitException.class,
        () -> Shapes.validate(Shape.of(Shapes.maxTensorBytes() / 4 + 1), DType.FLOAT32));
    assertTrue(big.getMessage().contains((Shapes.maxTensorBytes() / 4 + 1) * 4 + " bytes; the limit is "
        + Shapes.maxTensorBytes()), big.getMessage());
    KerasInitException bytes = assertThrows(KerasInitException.class,
        () -> Shapes.validate(Shape.of(1L << 62), DType.FLOAT64));
    assertTrue(bytes.getMessage().contains("more than 2^63 bytes"), bytes.getMessage());
    KerasInitException elements = assertThrows(KerasInitException.class,
        () -> Shapes.validate(Shape.of(1L << 40, 1L << 40), DType.INT32));
    assertTrue(elements.getMessage().contains("more than 2^63 elements"), elements.getMessage());
  }
}
