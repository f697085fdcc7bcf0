package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Running out of memory is one line on stderr and exit 1, naming the weight and the bytes it needs where that is
 * known; a small -Xmx alone does not make the tool fail, since the weights live in TF's native memory.
 */
class ResourceLimitsTest {
  /** The exit code and stderr of {@code java JVM_OPTIONS io.github.kerasinit.cli.Main ARGS} in a fresh JVM. */
  record Run(int code, String err) {
    /** The lines keras-init wrote (TF's own start-up log lines aside). */
    List<String> ours() {
      return err.lines().filter(l -> l.startsWith("keras-init") || l.startsWith("Exception") || l.startsWith("\tat "))
          .toList();
    }
  }

  static Run java(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = builder.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
    return new Run(p.exitValue(), err);
  }

  @Test
  void aSmallHeapMaterializesAModelWhoseWeightsAreLargerThanTheHeap() throws Exception {
    // ResNet50's 102 MB of weights with a 32 MiB heap: JavaCPP's default limit, derived from -Xmx, refused it
    Run r = java(List.of("-Xmx32m"), "materialize", "models/resnet50.json", "--seed", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(), r.ours());
  }

  @Test
  void aWeightLargerThanTheHeapIsReadFromNativeMemory() throws Exception {
    // wide_mlp's first kernel is 128 MiB; the table (and the .npz) read it from TF's memory in chunks, never into a
    // Java array, so a 32 MiB heap is enough (it failed with "out of memory" while the table copied each weight)
    Run r = java(List.of("-Xmx32m"), "materialize", "models/wide_mlp.json", "--seed", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(), r.ours());
  }

  @Test
  void anExplicitJavaCppLimitStillHoldsAndItsErrorNamesTheWeights() throws Exception {
    Run r = java(List.of("-Xmx64m", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=64m"), "materialize",
        "models/mlp.json", "--seed", "1");
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.ours().size(), r.err());
    // the table's biases (Zeros) need no tensor: the three kernels are what TF was making
    assertTrue(r.ours().get(0).startsWith("keras-init: error: out of memory making 3 weights, dense/kernel to"
        + " dense_2/kernel (939,008 bytes): "), r.err());
  }

  @Command(name = "exhaust")
  static final class Exhaust implements Callable<Integer> {
    private final Error error;

    Exhaust(Error error) {
      this.error = error;
    }

    @Override
    public Integer call() {
      throw error;
    }
  }

  private static String runExhausting(Error error, String... more) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main()).addSubcommand(new CommandLine(new Exhaust(error)));
    List<String> args = new ArrayList<>(List.of(more));
    args.add("exhaust");
    assertEquals(1, Main.execute(new PrintWriter(err, true), cli, args.toArray(new String[0])));
    return err.toString();
  }

  @Test
  void anyOutOfMemoryErrorOrStackOverflowIsOneLineAndExitOne() {
    String heap = runExhausting(new OutOfMemoryError("Java heap space"));
    assertEquals(1, heap.lines().count(), heap);
    assertTrue(heap.startsWith("keras-init: error: out of memory (Java heap space); this JVM's heap is at most ")
        && heap.contains("KERAS_INIT_JAVA_OPTS="), heap);
    String stack = runExhausting(new StackOverflowError());
    assertEquals(1, stack.lines().count(), stack);
    assertTrue(stack.startsWith("keras-init: error: stack overflow"), stack);
    String verbose = runExhausting(new OutOfMemoryError("Java heap space"), "--verbose");
    assertTrue(verbose.lines().count() > 1 && verbose.contains("at io.github.kerasinit"), verbose);
    assertFalse(heap.contains("OutOfMemoryError"), heap);
  }
}
