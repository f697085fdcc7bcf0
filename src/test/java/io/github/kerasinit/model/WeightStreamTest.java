package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;

/**
 * The stream hands its sink each weight in order, on a thread of its own where the weights are more than a chunk, with
 * exactly the bytes of the weight made whole; a sink's failure is the stream's, and the sink is never called after
 * {@code run} ends.
 */
class WeightStreamTest {
  /** mlp.json's largest kernel is 784 x 256 float32 (784 KiB): with 64 KiB chunks it is sliced, the biases grouped. */
  private static final long CHUNK = 64 << 10;

  private static KerasModel mlp() {
    return KerasModel.load(Path.of("models/mlp.json"), KerasModel.options().seed(1234));
  }

  @Test
  void groupsAreAsFewAsTheLimitAllowsAndOfEqualSize() {
    long mib = 1 << 20;
    assertEquals(10 * mib, WeightStream.balancedGroupBytes(10 * mib, 64 * mib)); // one group
    assertEquals(64 * mib, WeightStream.balancedGroupBytes(64 * mib, 64 * mib));
    assertEquals(49 * mib, WeightStream.balancedGroupBytes(98 * mib, 64 * mib)); // ResNet50: 49 + 49, not 64 + 34
    assertEquals(43 * mib, WeightStream.balancedGroupBytes(129 * mib, 64 * mib)); // three of 43, not 64 + 64 + 1
    assertEquals(34, WeightStream.balancedGroupBytes(100, 34)); // 34 + 34 + 32: rounded up, still three groups
    assertEquals(1, WeightStream.balancedGroupBytes(0, 64 * mib)); // only empty weights: one group
  }

  @Test
  void sinkGetsEveryWeightInOrderOnOneOtherThread() throws IOException {
    KerasModel model = mlp();
    List<String> calls = new ArrayList<>();
    Set<Thread> threads = new HashSet<>();
    Map<WeightSpec, ByteArrayOutputStream> streamed = new IdentityHashMap<>();
    AtomicInteger sliced = new AtomicInteger();
    WeightStream.run(model.weights(), CHUNK, null, new WeightStream.Sink() {
      @Override
      public void begin(WeightSpec w) {
        threads.add(Thread.currentThread());
        calls.add("begin " + w.path());
        streamed.put(w, new ByteArrayOutputStream());
      }

      @Override
      public void part(WeightSpec w, long startElement, Tensor part) {
        threads.add(Thread.currentThread());
        ByteArrayOutputStream bytes = streamed.get(w);
        assertEquals(bytes.size() / w.dtype().byteSize(), startElement, w.path());
        bytes.writeBytes(TensorBytes.of(part));
        if (startElement > 0) {
          sliced.incrementAndGet();
        }
      }

      @Override
      public void end(WeightSpec w) {
        threads.add(Thread.currentThread());
        calls.add("end " + w.path());
      }
    });

    List<String> expected = new ArrayList<>();
    for (WeightSpec w : model.weights()) {
      expected.add("begin " + w.path());
      expected.add("end " + w.path());
    }
    assertEquals(expected, calls);
    assertEquals(1, threads.size(), "one sink thread");
    assertNotEquals(Thread.currentThread(), threads.iterator().next());
    assertTrue(sliced.get() > 0, "some weight is larger than the chunk");
    try (MaterializedWeights whole = model.materialize()) {
      for (WeightSpec w : model.weights()) {
        assertArrayEquals(TensorBytes.of(whole.get(w)), streamed.get(w).toByteArray(), w.path());
      }
    }
  }

  @Test
  void weightsOfAtMostOneChunkStayOnTheCallersThread() throws IOException {
    KerasModel model = mlp();
    Set<Thread> threads = new HashSet<>();
    WeightStream.run(model.weights(), model.byteCount(), null, new WeightStream.Sink() {
      @Override
      public void begin(WeightSpec w) {
        threads.add(Thread.currentThread());
      }

      @Override
      public void part(WeightSpec w, long startElement, Tensor part) {}

      @Override
      public void end(WeightSpec w) {}
    });
    assertEquals(Set.of(Thread.currentThread()), threads);
  }

  @Test
  void aSinkFailureIsThrownByRunAndNothingCallsTheSinkAfterIt() throws InterruptedException {
    KerasModel model = mlp();
    IOException failure = new IOException("disk full on purpose");
    AtomicInteger parts = new AtomicInteger();
    AtomicBoolean runEnded = new AtomicBoolean();
    AtomicBoolean calledAfterEnd = new AtomicBoolean();
    WeightStream.Sink sink = new WeightStream.Sink() {
      @Override
      public void begin(WeightSpec w) {
        calledAfterEnd.compareAndSet(false, runEnded.get());
      }

      @Override
      public void part(WeightSpec w, long startElement, Tensor part) throws IOException {
        calledAfterEnd.compareAndSet(false, runEnded.get());
        if (parts.incrementAndGet() == 2) {
          throw failure;
        }
      }

      @Override
      public void end(WeightSpec w) {
        calledAfterEnd.compareAndSet(false, runEnded.get());
      }
    };
    IOException thrown = assertThrows(IOException.class, () -> WeightStream.run(model.weights(), CHUNK, null, sink));
    runEnded.set(true);
    assertSame(failure, thrown);
    int partsAtEnd = parts.get();
    Thread.sleep(200);
    assertEquals(partsAtEnd, parts.get(), "no part after run threw");
    assertFalse(calledAfterEnd.get());
    assertEquals(2, partsAtEnd, "the sink stops at its failure");
  }

  @Test
  void aSinkRuntimeFailureIsThrownAsItIs() {
    KerasModel model = mlp();
    IllegalStateException failure = new IllegalStateException("sink refused");
    WeightSpec last = model.weights().get(model.weights().size() - 1);
    WeightStream.Sink sink = new WeightStream.Sink() {
      @Override
      public void begin(WeightSpec w) {}

      @Override
      public void part(WeightSpec w, long startElement, Tensor part) {}

      @Override
      public void end(WeightSpec w) {
        if (w == last) {
          throw failure; // the last delivery: only finish() can report it
        }
      }
    };
    assertSame(failure, assertThrows(IllegalStateException.class,
        () -> WeightStream.run(model.weights(), CHUNK, null, sink)));
    assertSame(failure, assertThrows(IllegalStateException.class,
        () -> WeightStream.runRange(last, 0, last.size(), 16, null, sink)));
  }
}
