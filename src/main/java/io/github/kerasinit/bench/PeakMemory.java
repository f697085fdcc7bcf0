package io.github.kerasinit.bench;

import io.github.kerasinit.device.SessionConfigs;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.MaterializedWeights;
import io.github.kerasinit.tensor.GraphOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Peak resident memory of materializing a model, read from {@code /proc/self/status} (Linux): the baseline after
 * the JVM has loaded TensorFlow and run one eager op and one trivial graph session (TF's fixed costs, 6 MiB of them
 * for the graph runtime), the peak (VmHWM) with every weight in memory.
 */
public final class PeakMemory {
  private PeakMemory() {}

  public static Map<String, Object> measure(String model) throws IOException {
    try (EagerSession s = EagerSession.create()) {
      Ops.create(s).constant(1.0f).asTensor();
    }
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.forInitializers())) {
      Ops tf = GraphOps.create(g);
      try (Result r = s.runner().fetch(tf.math.add(tf.constant(1.0f), tf.constant(2.0f))).run()) {
        r.size();
      }
    }
    long baseline = statusKb("VmRSS");
    Path file = Path.of(System.getProperty("kerasinit.home", "."), "models", model + ".json");
    long start = System.nanoTime();
    KerasModel m = KerasModel.load(file, KerasModel.options().seed(1));
    long weightBytes;
    try (MaterializedWeights w = m.materialize()) {
      weightBytes = m.byteCount();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = statusKb("VmHWM");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("weight_bytes", weightBytes);
    out.put("baseline_rss_bytes", baseline * 1024);
    out.put("peak_rss_bytes", peak * 1024);
    out.put("seconds", seconds);
    return out;
  }

  /** A field of /proc/self/status in kB. */
  public static long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException(field + " not in /proc/self/status");
  }
}
