package io.github.kerasinit.bench;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.device.GpuNatives;
import io.github.kerasinit.device.SessionConfigs;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.WeightStream;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.GraphOps;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * The draw floor of streaming a model, as a whole process: every weight's raw TF ops ({@link Floors}: the stateless
 * draw and Keras' scale and shift, nothing else) for all of its elements, in pieces of at most a chunk
 * ({@link WeightStream#DEFAULT_CHUNK_BYTES}), each piece a fresh output as streaming makes, nothing kept. The caller
 * times the process (CPU and wall from {@code wait4}), as it times {@code materialize}: so both pay the JVM's and
 * TensorFlow's start and run over the same minutes, and no per-element price is extrapolated from a few seconds of
 * draws (which, priced so, moved by up to 60% between two runs of the same code on this machine). Prints
 * {@code parameters bytes draw_cpu_seconds draw_wall_seconds}, the last two the draws alone, timed in the process.
 *
 * <pre>java -cp ... io.github.kerasinit.bench.StreamFloors models/llm_1b.json [CHUNK_BYTES]</pre>
 */
public final class StreamFloors {
  private StreamFloors() {}

  public static void main(String[] args) throws Exception {
    GpuNatives.skipSearchWhenAbsent(); // TensorFlow loaded as keras-init loads it
    KerasModel model = KerasModel.load(Path.of(args[0]), KerasModel.options().seed(1));
    long chunkBytes = args.length > 1 ? Long.parseLong(args[1]) : WeightStream.DEFAULT_CHUNK_BYTES;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long parameters = 0;
    long bytes = 0;
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.forInitializers())) {
      Ops tf = GraphOps.create(g);
      Map<String, Operand<?>> ops = new HashMap<>(); // one op per initializer kind, dtype and piece shape
      for (WeightSpec w : model.weights()) {
        KerasInitializer init = ((WeightInit.Called) w.init()).initializer();
        long[] dims = w.shape();
        long rowElements = 1;
        for (int i = 1; i < dims.length; i++) {
          rowElements *= dims[i];
        }
        long rows = dims.length == 0 ? 1 : dims[0];
        long rowsPerPiece = Math.max(1, chunkBytes / w.dtype().byteSize() / Math.max(1, rowElements));
        for (long r = 0; r < rows; r += rowsPerPiece) {
          if (dims.length > 0) {
            dims[0] = Math.min(rowsPerPiece, rows - r);
          }
          Operand<?> op = ops.computeIfAbsent(init.className() + "/" + w.dtype() + "/" + Shape.of(dims),
              k -> Floors.of(init, Shape.of(dims), w.dtype()).build(tf));
          try (Result result = s.runner().fetch(op).run()) {
            // the piece is made and freed, as materialize frees each slice once written
          }
        }
        parameters += w.size();
        bytes += w.size() * w.dtype().byteSize();
      }
    }
    System.out.printf(Locale.ROOT, "%d %d %.3f %.3f%n", parameters, bytes, (os.getProcessCpuTime() - cpu0) / 1e9,
        (System.nanoTime() - wall0) / 1e9);
  }
}
