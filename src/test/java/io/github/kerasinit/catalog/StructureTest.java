package io.github.kerasinit.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.random.Fans;
import io.github.kerasinit.random.Seed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;

/** Structural properties: orthogonality, exact fans, gain linearity, identity layout, dtype preservation. */
class StructureTest {

  @ParameterizedTest
  @CsvSource({"'64,64'", "'128,32'", "'32,128'", "'3,3,16,32'", "'2,3,4,5'", "'1,7'", "'7,1'"})
  void orthogonalRowsOrColumnsAreOrthonormalTimesGain(String dims) {
    long[] shape = java.util.Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
    for (double gain : new double[] {1.0, 2.5}) {
      for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        double[] q = TestTensors.eager(new Orthogonal(gain, Seed.of(9)), Shape.of(shape), dtype).doubles();
        long cols = shape[shape.length - 1];
        long rows = q.length / cols;
        double tol = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
        assertOrthonormal(q, rows, cols, gain, tol * gain * gain * Math.max(rows, cols));
      }
    }
  }

  private static void assertOrthonormal(double[] q, long rows, long cols, double gain, double tol) {
    boolean byColumns = rows >= cols;
    int n = (int) Math.min(rows, cols);
    int len = (int) Math.max(rows, cols);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < len; k++) {
          double a = byColumns ? q[(int) (k * cols + i)] : q[(int) (i * cols + k)];
          double b = byColumns ? q[(int) (k * cols + j)] : q[(int) (j * cols + k)];
          dot += a * b;
        }
        double expected = i == j ? gain * gain : 0;
        assertEquals(expected, dot, tol, "Gram[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void gainScalesExactlyForPowersOfTwo() {
    Shape shape = Shape.of(16, 8);
    double[] one = TestTensors.eager(new Orthogonal(1.0, Seed.of(2)), shape, DType.FLOAT32).doubles();
    double[] four = TestTensors.eager(new Orthogonal(4.0, Seed.of(2)), shape, DType.FLOAT32).doubles();
    double[] third = TestTensors.eager(new Orthogonal(0.3, Seed.of(2)), shape, DType.FLOAT32).doubles();
    for (int i = 0; i < one.length; i++) {
      assertEquals(4 * one[i], four[i], 0.0);
      assertEquals(0.3 * one[i], third[i], 1e-7);
    }
    double[] eye = TestTensors.eager(new Identity(-2.0), Shape.of(3, 5), DType.FLOAT32).doubles();
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 5; c++) {
        assertEquals(r == c ? -2.0 : 0.0, eye[r * 5 + c], 0.0);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "'', 1, 1", "'5', 5, 5", "'0,5', 0, 5", "'7,3', 7, 3", "'3,3,16', 9, 48", "'3,3,16,32', 144, 288",
    "'2,3,4,5,6', 120, 144", "'1280,4,128', 5120, 163840"
  })
  void fansAreKeras(String dims, long fanIn, long fanOut) {
    long[] shape = dims.isEmpty() ? new long[0]
        : java.util.Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
    Fans fans = Fans.of(shape, null, null);
    assertEquals(fanIn, fans.fanIn);
    assertEquals(fanOut, fans.fanOut);
  }

  @Test
  void customAxesCountOnlyWhenBothAreGiven() {
    long[] shape = {1280, 4, 128};
    Fans both = Fans.of(shape, List.of(0), List.of(1, 2));
    assertEquals(1280, both.fanIn);
    assertEquals(512, both.fanOut);
    Fans negative = Fans.of(shape, List.of(-3), List.of(-2, -1));
    assertEquals(1280, negative.fanIn);
    assertEquals(512, negative.fanOut);
    Fans one = Fans.of(shape, List.of(0), null);
    assertEquals(5120, one.fanIn);
    KerasInitException e = assertThrows(KerasInitException.class, () -> Fans.of(shape, List.of(3), List.of(0)));
    assertTrue(e.getMessage().contains("axis 3"), e.getMessage());
  }

  @Test
  void constantBroadcastsAndTakesTheBroadcastShapeAsKerasDoes() {
    TestTensors.Result r = TestTensors.eager(new Constant(List.of(List.of(1L), List.of(2L))), Shape.of(3),
        DType.FLOAT32);
    assertArrayEquals(new long[] {2, 3}, r.shape);
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, r.doubles(), 0.0);
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> TestTensors.eager(new Constant(List.of(1L, 2L)), Shape.of(2, 3), DType.FLOAT32));
    assertTrue(e.getMessage().contains("does not broadcast"), e.getMessage());
  }

  @Test
  void lowPrecisionResultsKeepTheirType() {
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      Operand<TBfloat16> b = new GlorotUniform(Seed.of(1)).call(tf, Shape.of(4, 4), TBfloat16.class);
      Operand<TFloat16> h = new HeNormal(Seed.of(1)).call(tf, Shape.of(4, 4), TFloat16.class);
      assertEquals(TBfloat16.class, b.type());
      assertEquals(TFloat16.class, h.type());
      assertEquals(Shape.of(4, 4), b.shape());
    }
  }

  @Test
  void shapesAreCheckedBeforeTensorFlowAllocates() {
    KerasInitException negative = assertThrows(KerasInitException.class,
        () -> TestTensors.eager(new Zeros(), Shape.of(2, -3), DType.FLOAT32));
    assertTrue(negative.getMessage().contains("-3"), negative.getMessage());
    KerasInitException huge = assertThrows(KerasInitException.class,
        () -> TestTensors.eager(new Zeros(), Shape.of(1L << 40, 1L << 20), DType.FLOAT32));
    assertTrue(huge.getMessage().contains("bytes"), huge.getMessage());
    KerasInitException overflow = assertThrows(KerasInitException.class,
        () -> TestTensors.eager(new Zeros(), Shape.of(1L << 40, 1L << 40), DType.FLOAT32));
    assertTrue(overflow.getMessage().contains("2^63"), overflow.getMessage());
    long physical = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    long tooMany = physical / 4 + 1;
    KerasInitException beyondMemory = assertThrows(KerasInitException.class,
        () -> TestTensors.eager(Initializers.get("glorot_uniform"), Shape.of(tooMany), DType.FLOAT32));
    assertTrue(beyondMemory.getMessage().contains((tooMany * 4) + " bytes")
        && beyondMemory.getMessage().contains("physical memory"), beyondMemory.getMessage());
  }
}
