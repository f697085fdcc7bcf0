package io.github.kerasinit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.catalog.Orthogonal;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.tensor.TensorBytes;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Our initializers as TF-Java framework {@link Initializer}s: constant dims read without a Session. */
class FrameworkBridgeTest {
  private final KerasInitializer orthogonal = new Orthogonal(2.0, Seed.of(5));
  private final byte[] expected = TestTensors.eager(orthogonal, Shape.of(6, 4), DType.FLOAT32).bytes;

  @Test
  void eagerDimsAreReadFromTheTensor() {
    Initializer<TFloat32> framework = orthogonal::call;
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      Operand<TFloat32> out = framework.call(tf, tf.constant(new long[] {6, 4}), TFloat32.class);
      assertArrayEquals(expected, TensorBytes.of(out.asTensor()));
    }
  }

  @Test
  void graphConstDimsAreReadFromTheOpWithoutASession() {
    Initializer<TFloat32> framework = orthogonal.asFrameworkInitializer();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = framework.call(tf, tf.constant(new long[] {6, 4}), TFloat32.class);
      try (Session s = new Session(g); Tensor t = s.runner().fetch(out).run().get(0)) {
        assertArrayEquals(expected, TensorBytes.of(t));
      }
    }
  }

  @Test
  void dynamicDimsAreRefusedClearly() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TInt64> dynamic = tf.placeholder(TInt64.class);
      KerasInitException e = assertThrows(KerasInitException.class,
          () -> orthogonal.call(tf, dynamic, TFloat32.class));
      assertTrue(e.getMessage().contains("Placeholder") && e.getMessage().contains("static shape"), e.getMessage());
    }
  }
}
