package io.github.kerasinit.cli;

import io.github.kerasinit.device.SessionConfigs;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Loads TensorFlow (its native library, a graph session and the op classes) on a second thread while the main
 * thread starts picocli and reads the model: loading TF is most of any TF-Java process's start (0.7 s of ResNet50's
 * table), and it needs nothing from the command line, so the two overlap on a machine with a second core.
 *
 * <p>The warm-up never reports anything: when TF cannot load, the command's own first use of it fails and says so.
 * Only commands that use TF start it, and not for --help or --version, which would wait for it at exit.
 *
 * <p>It pays with an idle core (measured on 2 quiet cores: mlp's table 0.76 to 0.63 s, ResNet50's 1.06 to 0.94 s)
 * and loses when every core is busy (ResNet50 2.33 to 2.75 s at a load average of 10);
 * {@code -Dkerasinit.noWarmUp=true} turns it off.
 */
final class TensorFlowWarmUp {
  private static final Set<String> COMMANDS = Set.of("materialize", "sample");
  private static final Set<String> NO_WORK = Set.of("-h", "--help", "-V", "--version");

  private final Thread thread;

  private TensorFlowWarmUp(Thread thread) {
    this.thread = thread;
  }

  /** Starts the warm-up when {@code args} run a command that uses TF; a no-op warm-up otherwise. */
  static TensorFlowWarmUp startFor(String[] args) {
    List<String> list = List.of(args);
    boolean uses = !list.isEmpty() && COMMANDS.contains(list.get(0)) && list.stream().noneMatch(NO_WORK::contains);
    if (!uses || Boolean.getBoolean("kerasinit.noWarmUp")) {
      return new TensorFlowWarmUp(null);
    }
    Thread t = new Thread(TensorFlowWarmUp::warmUp, "keras-init TF warm-up");
    t.setDaemon(true);
    t.start();
    return new TensorFlowWarmUp(t);
  }

  /** Waits for the warm-up, so that the process never exits while TF's native initialization is half done. */
  void await() {
    if (thread == null) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void warmUp() {
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.forInitializers())) {
      Ops tf = Ops.create(g);
      try (Result r = s.runner().fetch(tf.math.add(tf.constant(1f), tf.constant(2f))).run()) {
        r.size();
      }
    } catch (Throwable e) { // NOPMD: see the class comment; the main thread meets the same failure and reports it
      // nothing to do
    }
  }
}
