package io.github.kerasinit.bench;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
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
 * One initializer call in eager mode, to a tensor in memory, against its floor. Each shot gets a fresh eager session,
 * closed after it: TF-Java keeps every eager output alive until its session closes, so a long-lived session piles up
 * native memory (measured: the floor of a 2^24 normal went from 131 ms to 465 ms in one shared session).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class InitializerBenchmark {
  @Param({"RandomNormal/float32/2^24"})
  public String caseId;

  private KerasInitializer initializer;
  private Shape shape;
  private DType dtype;
  private Floors.Recipe floor;

  @Setup
  public void setup() {
    BenchCases.Case c = BenchCases.byId(caseId);
    initializer = Initializers.deserialize(c.config);
    shape = Shape.of(c.shape);
    dtype = DType.of(c.dtype);
    floor = Floors.of(initializer, shape, dtype);
  }

  @Benchmark
  public long ours() {
    try (EagerSession session = EagerSession.create()) {
      return initializer.call(Ops.create(session), shape, dtype).asTensor().numBytes();
    }
  }

  @Benchmark
  public long floor() {
    try (EagerSession session = EagerSession.create()) {
      return floor.build(Ops.create(session)).asTensor().numBytes();
    }
  }
}
