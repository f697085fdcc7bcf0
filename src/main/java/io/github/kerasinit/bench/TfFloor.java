package io.github.kerasinit.bench;

import io.github.kerasinit.device.GpuNatives;
import org.tensorflow.EagerSession;
import org.tensorflow.op.Ops;

/**
 * The floor of any TF-Java process: start the JVM, load TensorFlow, run one eager op, exit. The process benchmark
 * launches it with the launcher's JVM options and class path, and it loads TensorFlow as {@code keras-init} does
 * (without looking for absent CUDA natives, {@link GpuNatives}), so that what ours costs above it is ours.
 */
public final class TfFloor {
  /** The argument for a bare program that leaves JavaCPP's defaults (it first looks for the CUDA build). */
  public static final String JAVACPP_DEFAULTS = "--javacpp-defaults";

  private TfFloor() {}

  public static void main(String[] args) {
    if (!java.util.Arrays.asList(args).contains(JAVACPP_DEFAULTS)) {
      GpuNatives.skipSearchWhenAbsent();
    }
    try (EagerSession session = EagerSession.create()) {
      float one = Ops.create(session).math.add(Ops.create(session).constant(1f), Ops.create(session).constant(0f))
          .asTensor().getFloat();
      if (one != 1f) {
        throw new IllegalStateException("1 + 0 = " + one);
      }
    }
  }
}
