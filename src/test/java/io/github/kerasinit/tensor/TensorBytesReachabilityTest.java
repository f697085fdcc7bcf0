package io.github.kerasinit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.op.Ops;

/**
 * An eager session holds its results weakly, and a tensor's data buffer does not own the native memory: a result
 * nobody else holds could be collected, and its memory freed and reused, while TensorBytes.of copied it (seen as
 * rare parity failures with garbage bytes). A stress test: without the fix, 3 of 14,430 reads here were corrupt.
 */
class TensorBytesReachabilityTest {
  @Test
  void resultsReadWhileOtherTensorsReuseFreedMemoryAreIntact() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Thread churn = new Thread(() -> {
      try (EagerSession other = EagerSession.create()) {
        Ops tf = Ops.create(other);
        for (int k = 1; !stop.get(); k++) {
          tf.fill(tf.constant(new long[] {1 << 17}), tf.constant(-1.0)).asTensor(); // takes freed memory
          if (k % 50 == 0) {
            System.gc(); // collects unreachable results; JavaCPP's thread then frees their memory
          }
        }
      }
    });
    churn.setDaemon(true);
    churn.start();
    int reads = 0;
    int corrupt = 0;
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; reads++) {
        double value = reads + 0.5;
        byte[] bytes = TensorBytes.of(tf.fill(tf.constant(new long[] {1 << 17}), tf.constant(value)).asTensor());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes.length / 8; i++) {
          if (b.getDouble(8 * i) != value) {
            corrupt++;
            break;
          }
        }
      }
    } finally {
      stop.set(true);
      churn.join();
    }
    assertEquals(0, corrupt, corrupt + " of " + reads + " reads were corrupt");
  }
}
