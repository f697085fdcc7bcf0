package io.github.kerasinit.cli;

import io.github.kerasinit.device.GpuNatives;
import io.github.kerasinit.device.SessionConfigs;
import io.github.kerasinit.tensor.GraphOps;
import io.github.kerasinit.tensor.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import picocli.CommandLine;

/**
 * Loads TensorFlow (its native library, a graph session and the op classes) on a second thread while the main
 * thread starts picocli and reads the model: loading TF is most of any TF-Java process's start, and it needs nothing
 * from the command line, so the two overlap on a machine with a second core.
 *
 * <p>The order matters on 2 cores (each step measured): the warm-up thread starts first, before anything else in
 * {@code main}; it starts JavaCPP without its search for an absent CUDA build ({@link GpuNatives}), then waits for
 * the main thread to link the natives it will need ({@link #prepareMainThread()}), because opening TF's library
 * blocks every other library load and native-method link in the process for 0.1-0.2 s; the main thread then makes
 * the session config, which the warm-up needs next.
 *
 * <p>The warm-up never reports anything: when TF cannot load, the command's own first use of it fails and says so.
 * Only commands that use TF start it, and not for --help or --version, which would wait for it at exit.
 *
 * <p>It pays with an idle core (measured on 2 quiet cores: mlp's table 0.76 to 0.63 s, ResNet50's 1.06 to 0.94 s)
 * and loses when every core is busy (ResNet50 2.33 to 2.75 s at a load average of 10);
 * {@code -Dkerasinit.noWarmUp=true} turns it off.
 */
final class TensorFlowWarmUp {
  private static final Set<String> COMMANDS = Set.of(MaterializeCommand.NAME, SampleCommand.NAME);
  private static final Set<String> NO_WORK = Set.of("-h", "--help", "-V", "--version");

  private final Thread thread;
  /** Counted down once the main thread has linked what it needs: TF's library is opened only after. */
  private final CountDownLatch linked = new CountDownLatch(1);

  private TensorFlowWarmUp(boolean start) {
    this.thread = start ? new Thread(new Load(linked), "keras-init TF warm-up") : null;
  }

  /**
   * Starts the warm-up when {@code args} run a command that uses TF; a no-op warm-up otherwise. Whichever thread
   * will load TF first settles {@link GpuNatives} before it (18 ms of JavaCPP's own start, which the warm-up thread
   * pays anyway), except for --help and --version.
   */
  static TensorFlowWarmUp startFor(String[] args) {
    // plain loops and a named Runnable: the JVM's first lambda costs ~10 ms, which TF's start need not wait for
    boolean noWork = false;
    for (String arg : args) {
      noWork |= NO_WORK.contains(arg);
    }
    boolean uses = args.length > 0 && COMMANDS.contains(args[0]) && !noWork;
    if (!uses || Boolean.getBoolean("kerasinit.noWarmUp")) {
      if (!noWork) {
        GpuNatives.skipSearchWhenAbsent();
      }
      return new TensorFlowWarmUp(false);
    }
    TensorFlowWarmUp warmUp = new TensorFlowWarmUp(true);
    warmUp.thread.setDaemon(true);
    warmUp.thread.start();
    return warmUp;
  }

  /**
   * Readies the main thread while the warm-up loads TF: links the JDK natives that reading a model takes
   * ({@link #linkJdkNatives()}) and makes the session config, which the warm-up needs next; nothing without a
   * warm-up.
   */
  void prepareMainThread() {
    if (thread != null) {
      try {
        linkJdkNatives();
      } finally {
        linked.countDown();
      }
      SessionConfigs.forInitializers(); // protobuf's start, off the warm-up's path
    }
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

  /**
   * Links, on the main thread and before TensorFlow's native library is opened, the JVM's and JDK's natives that
   * reading a model takes: file status, a file channel's open, read and size, the console check and the verifier of
   * picocli's classes (the memory size behind {@link Shapes#maxTensorBytes()}, in libmanagement, is only looked up
   * for tensors above 256 MiB, which a model that size reaches after TF's load). Opening TF's library holds glibc's
   * loader lock for 0.1-0.2 s, and opening any other library, or the first call of any JNI method (which looks its
   * symbol up), waits for that lock: measured on 2 cores, the main thread's first {@code Files.isDirectory} of
   * mlp.json, or its first picocli class, waited 0.04-0.15 s for TF's load. This takes about 15 ms, while the warm-up
   * thread starts JavaCPP (about 20 ms), which then waits for it.
   */
  private static void linkJdkNatives() {
    Path modules = Path.of(System.getProperty("java.home"), "lib", "modules"); // every JDK 9+ runtime has it
    if (Files.isRegularFile(modules)) {
      try (FileChannel channel = FileChannel.open(modules, StandardOpenOption.READ)) {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, channel.size() - 1);
        channel.position(0).read(one.clear());
      } catch (IOException e) {
        // nothing to do: this only links natives early
      }
    }
    System.console();
    try {
      // picocli's classes predate class version 50: the class archive holds them unverified, and the JVM checks each
      // at its first link with its old verifier, a library it opens on first use. Linking one now opens it before
      // TF's load, during which the first picocli class held the main thread for 0.2 s
      Class.forName(CommandLine.IParameterExceptionHandler.class.getName(), true,
          TensorFlowWarmUp.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e); // a class this class names
    }
  }

  /** Loads TF: its natives (without looking for an absent CUDA build), a graph session, one op. */
  private static final class Load implements Runnable {
    private final CountDownLatch linked;

    Load(CountDownLatch linked) {
      this.linked = linked;
    }

    @Override
    public void run() {
      GpuNatives.skipSearchWhenAbsent();
      try {
        linked.await(1, TimeUnit.SECONDS); // a bound, should the main thread never get there: only speed is at stake
      } catch (InterruptedException e) {
        return;
      }
      warmUp();
    }
  }

  private static void warmUp() {
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.forInitializers())) {
      Ops tf = GraphOps.create(g);
      try (Result r = s.runner().fetch(tf.math.add(tf.constant(1f), tf.constant(2f))).run()) {
        r.size();
      }
    } catch (Throwable e) { // NOPMD: see the class comment; the main thread meets the same failure and reports it
      // nothing to do
    }
  }
}
