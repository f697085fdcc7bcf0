package io.github.kerasinit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI in a child JVM, for what a run inside the test JVM cannot show: signals, exit hooks, JVM options. Started as
 * the launcher starts it (serial collector, small young generation), on the test class path.
 */
final class ChildCli {
  private ChildCli() {}

  static ProcessBuilder of(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(io.github.kerasinit.JvmOptions.LAUNCHER_DEFAULT.split(" ")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * The CLI in a child JVM whose files may grow to {@code kib} KiB (bash's {@code ulimit -f}): a write past it fails
   * with "File too large", as a full disk fails it, without a file system of that size. Output and errors merged.
   */
  static Process withFileSizeLimit(int kib, String... args) throws java.io.IOException {
    String line = String.join(" ", of(List.of(), args).command().stream()
        .map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    return new ProcessBuilder("bash", "-c", "ulimit -f " + kib + "; exec " + line).redirectErrorStream(true).start();
  }
}
