package io.github.kerasinit.bench;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.device.SessionConfigs;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.model.core.WeightSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * The floor of streaming a model: each weight's raw TF ops ({@link Floors}) for its element count, priced per element
 * by timing them once per initializer class and dtype on a draw of about a chunk (best of 3), in CPU seconds of the
 * process (all of TF's threads): on a shared machine wall time measures the neighbours, CPU time the work. A model too big to draw whole
 * is priced without drawing it. Prints {@code floor_seconds parameters bytes}.
 *
 * <pre>java -cp ... io.github.kerasinit.bench.StreamFloors models/llm_1b.json [CHUNK_ELEMENTS]</pre>
 */
public final class StreamFloors {
  private StreamFloors() {}

  public static void main(String[] args) throws Exception {
    KerasModel model = KerasModel.load(Path.of(args[0]), KerasModel.options().seed(1));
    long chunk = args.length > 1 ? Long.parseLong(args[1]) : 64L << 20;
    Map<String, Double> perElement = new HashMap<>();
    double seconds = 0;
    long parameters = 0;
    long bytes = 0;
    for (WeightSpec w : model.weights()) {
      KerasInitializer init = ((WeightInit.Called) w.init()).initializer();
      String key = init.className() + "/" + w.dtype();
      Double cost = perElement.get(key);
      if (cost == null) {
        long[] dims = w.shape(); // the weight's rank (fan axes need it), leading axis cut to about a chunk
        long rest = dims.length == 0 ? 1 : w.size() / Math.max(1, dims[0]);
        if (dims.length > 0) {
          dims[0] = Math.max(1, Math.min(dims[0], chunk / Math.max(1, rest)));
        }
        long n = Shape.of(dims).size();
        cost = time(init, Shape.of(dims), w.dtype()) / n;
        perElement.put(key, cost);
      }
      seconds += cost * w.size();
      parameters += w.size();
      bytes += w.size() * w.dtype().byteSize();
    }
    System.out.printf(Locale.ROOT, "%.3f %d %d%n", seconds, parameters, bytes);
  }

  private static double time(KerasInitializer init, Shape shape, DType dtype) {
    double best = Double.MAX_VALUE;
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.forInitializers())) {
      Ops tf = Ops.create(g);
      org.tensorflow.Operand<?> op = Floors.of(init, shape, dtype).build(tf);
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      for (int i = 0; i < 3; i++) {
        long t0 = os.getProcessCpuTime();
        try (Result r = s.runner().fetch(op).run()) {
          best = Math.min(best, (os.getProcessCpuTime() - t0) / 1e9);
        }
      }
    }
    return best;
  }
}
