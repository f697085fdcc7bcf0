package io.github.kerasinit.resources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** Eight threads calling initializers on one shared EagerSession, and on one Graph, get single-thread bytes. */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int CALLS = 25;
  private static final Shape SHAPE = Shape.of(32, 48);
  private final List<KerasInitializer> inits = List.of(
      Initializers.deserialize("{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 7}}"),
      Initializers.deserialize("{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 8}}"),
      Initializers.deserialize("{\"class_name\": \"Orthogonal\", \"config\": {\"seed\": 9, \"gain\": 2.0}}"),
      Initializers.deserialize("{\"class_name\": \"TruncatedNormal\", \"config\": {\"seed\": 10}}"),
      Initializers.deserialize("{\"class_name\": \"STFT\", \"config\": {}}"));

  private Shape shapeOf(KerasInitializer init) {
    return init.className().equals("STFT") ? Shape.of(16, 1, 9) : SHAPE;
  }

  private List<byte[]> expected() {
    List<byte[]> out = new ArrayList<>();
    for (KerasInitializer init : inits) {
      out.add(TestTensors.eager(init, shapeOf(init), DType.FLOAT32).bytes);
    }
    return out;
  }

  @Test
  void eightThreadsOnOneEagerSession() throws Exception {
    List<byte[]> expected = expected();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          int checked = 0;
          for (int i = 0; i < CALLS; i++) {
            int k = (thread + i) % inits.size();
            KerasInitializer init = inits.get(k);
            byte[] bytes = TensorBytes.of(init.call(tf, shapeOf(init), DType.FLOAT32).asTensor());
            assertArrayEquals(expected.get(k), bytes, init + " in thread " + thread);
            checked++;
          }
          return checked;
        }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get();
      }
      assertEquals(THREADS * CALLS, total);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void eightThreadsBuildingIntoOneGraph() throws Exception {
    List<byte[]> expected = expected();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Future<List<Operand<? extends TType>>>> built = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        built.add(pool.submit(() -> {
          List<Operand<? extends TType>> ops = new ArrayList<>();
          for (KerasInitializer init : inits) {
            ops.add(init.call(tf, shapeOf(init), DType.FLOAT32));
          }
          return ops;
        }));
      }
      try (Session session = new Session(graph)) {
        for (Future<List<Operand<? extends TType>>> f : built) {
          List<Operand<? extends TType>> ops = f.get();
          for (int k = 0; k < ops.size(); k++) {
            try (Tensor t = session.runner().fetch(ops.get(k)).run().get(0)) {
              assertArrayEquals(expected.get(k), TensorBytes.of(t), inits.get(k).toString());
            }
          }
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}
