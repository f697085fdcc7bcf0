package io.github.kerasinit.resources;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.bench.PeakMemory;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.MaterializedWeights;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * Native memory is released: resident memory stays flat over long loops. The bounds are generous (the machine's
 * allocator keeps some freed memory); the measured figures are printed and reported in the README.
 */
class ResourceTest {
  private static final long MIB = 1 << 20;

  /**
   * Resident memory outside the Java heap: RSS minus the committed heap. The JVM grows its heap lazily under
   * garbage (G1 by default in surefire), which would hide or fake a native leak in plain RSS.
   */
  private static long nativeResident() throws Exception {
    System.gc();
    return PeakMemory.statusKb("VmRSS") * 1024 - Runtime.getRuntime().totalMemory();
  }

  private static String rssFigures() throws Exception {
    return "RSS " + PeakMemory.statusKb("VmRSS") / 1024 + " MiB, heap committed "
        + Runtime.getRuntime().totalMemory() / MIB + " MiB";
  }

  @Test
  void materializingTheCnn200TimesKeepsResidentMemoryFlat() throws Exception {
    Path cnn = Path.of("models/cnn_bn.json");
    long afterWarmup = 0;
    for (int i = 0; i < 200; i++) {
      KerasModel model = KerasModel.load(cnn, KerasModel.options().seed(i));
      try (MaterializedWeights weights = model.materialize()) {
        assertTrue(weights.asMap().size() == 17);
      }
      if (i == 19) {
        afterWarmup = nativeResident();
        System.out.println("CNN materializations, after 20: " + rssFigures());
      }
    }
    long end = nativeResident();
    System.out.printf("CNN materializations, after 200: %s; RSS outside the heap grew %+d MiB%n", rssFigures(),
        (end - afterWarmup) / MIB);
    assertTrue(end - afterWarmup < 64 * MIB, "native RSS grew by " + (end - afterWarmup) / MIB + " MiB");
  }

  @Test
  void tenThousandInitializerCallsKeepResidentMemoryFlat() throws Exception {
    List<KerasInitializer> inits = List.of(Initializers.get("glorot_uniform"), Initializers.get("he_normal"),
        Initializers.get("orthogonal"), Initializers.get("zeros"), Initializers.get("truncated_normal"),
        Initializers.deserialize("{\"class_name\": \"Constant\", \"config\": {\"value\": 0.5}}"),
        Initializers.get("identity"), Initializers.get("lecun_uniform"));
    long afterWarmup = 0;
    for (int i = 0; i < 10_000; i++) {
      try (EagerSession session = EagerSession.create()) {
        inits.get(i % inits.size()).call(Ops.create(session), Shape.of(64, 64), DType.FLOAT32).asTensor();
      }
      if (i == 999) {
        afterWarmup = nativeResident();
        System.out.println("Initializer calls, after 1,000: " + rssFigures());
      }
    }
    long end = nativeResident();
    System.out.printf("Initializer calls, after 10,000: %s; RSS outside the heap grew %+d MiB%n", rssFigures(),
        (end - afterWarmup) / MIB);
    assertTrue(end - afterWarmup < 64 * MIB, "native RSS grew by " + (end - afterWarmup) / MIB + " MiB");
  }
}
