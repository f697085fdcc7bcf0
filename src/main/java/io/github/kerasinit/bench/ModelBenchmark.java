package io.github.kerasinit.bench;

import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.MaterializedWeights;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.model.core.WeightSpec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tensorflow.EagerSession;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * A whole model, config file to every weight in memory as a tensor ({@code ours}), against the sum of its weights'
 * floors ({@code floor}: each weight's raw ops, one after the other, in one eager session).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class ModelBenchmark {
  @Param({"resnet50"})
  public String model;

  private Path file;
  private KerasModel parsed;

  @Setup
  public void setup() {
    file = Path.of(System.getProperty("kerasinit.home", "."), "models", model + ".json");
    parsed = KerasModel.load(file, KerasModel.options().seed(1));
  }

  @Benchmark
  public long ours() {
    KerasModel m = KerasModel.load(file, KerasModel.options().seed(1));
    try (MaterializedWeights weights = m.materialize()) {
      return weights.asMap().size();
    }
  }

  @Benchmark
  public long floor() {
    long bytes = 0;
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      for (WeightSpec w : parsed.weights()) {
        if (w.init() instanceof WeightInit.Called) {
          bytes += Floors.of(((WeightInit.Called) w.init()).initializer(), Shape.of(w.shape()), w.dtype())
              .build(tf).asTensor().numBytes();
        } else {
          bytes += w.init().build(tf, w.shape(), w.dtype()).asTensor().numBytes();
        }
      }
    }
    return bytes;
  }
}
