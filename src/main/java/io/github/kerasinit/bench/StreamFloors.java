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
 * once per initializer class and dtype by drawing about {@code CHUNK_ELEMENTS} (default 64 Mi) of the weight's shape,
 * its leading axis scaled to that size, in a fresh output each run as streaming has: a warm-up run, then the median of
 * three, in CPU seconds of the process (all of TF's threads) and in wall seconds. The draw must be large: the process
 * CPU clock ticks in 10 ms, and a best-of-three over a 20 ms draw read a floor 40% low. A model too big to draw whole
 * is priced without drawing it. Prints {@code floor_cpu_seconds parameters bytes floor_wall_seconds}.
 *
 * <pre>java -cp ... io.github.kerasinit.bench.StreamFloors models/llm_1b.json [CHUNK_ELEMENTS]</pre>
 */
public final class StreamFloors {
  private StreamFloors() {}

  public static void main(String[] args) throws Exception {
    KerasModel model = KerasModel.load(Path.of(args[0]), KerasModel.options().seed(1));
    long chunk = args.length > 1 ? Long.parseLong(args[1]) : 64L << 20;
    Map<String, double[]> perElement = new HashMap<>();
    double seconds = 0;
    double wallSeconds = 0;
    long parameters = 0;
    long bytes = 0;
    for (WeightSpec w : model.weights()) {
      KerasInitializer init = ((WeightInit.Called) w.init()).initializer();
      String key = init.className() + "/" + w.dtype();
      double[] cost = perElement.get(key);
      if (cost == null) {
        long[] dims = w.shape(); // the weight's rank (fan axes need it), leading axis scaled to about a chunk
        long rest = 1;
        for (int i = 1; i < dims.length; i++) {
          rest *= Math.max(1, dims[i]);
        }
        if (dims.length > 0) {
          dims[0] = Math.max(1, chunk / rest);
        }
        long n = Shape.of(dims).size();
        cost = time(init, Shape.of(dims), w.dtype());
        cost[0] /= n;
        cost[1] /= n;
        perElement.put(key, cost);
      }
      seconds += cost[0] * w.size();
      wallSeconds += cost[1] * w.size();
      parameters += w.size();
      bytes += w.size() * w.dtype().byteSize();
    }
    System.out.printf(Locale.ROOT, "%.3f %d %d %.3f%n", seconds, parameters, bytes, wallSeconds);
  }

  /** {CPU seconds, wall seconds} of one draw: the median of three runs after a warm-up. */
  private static double[] time(KerasInitializer init, Shape shape, DType dtype) {
    double[] cpu = new double[3];
    double[] wall = new double[3];
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.forInitializers())) {
      Ops tf = Ops.create(g);
      org.tensorflow.Operand<?> op = Floors.of(init, shape, dtype).build(tf);
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      for (int i = -1; i < 3; i++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        try (Result r = s.runner().fetch(op).run()) {
          if (i >= 0) {
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
            wall[i] = (System.nanoTime() - t0) / 1e9;
          }
        }
      }
    }
    java.util.Arrays.sort(cpu);
    java.util.Arrays.sort(wall);
    return new double[] {cpu[1], wall[1]};
  }
}
