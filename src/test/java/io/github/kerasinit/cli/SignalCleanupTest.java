package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI killed by SIGTERM or SIGINT (Ctrl-C) while it writes leaves no temporary file: the JVM's exit hook deletes
 * it. Run in a child JVM, killed as soon as the temporary .npz of models/wide_mlp.json (400 MB) has data in it.
 */
class SignalCleanupTest {
  @TempDir
  Path dir;

  private static boolean isTemporary(Path p) {
    String name = p.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  private static Path awaitTemporaryFileWithData(Path dir, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && child.isAlive()) {
      try (var files = Files.list(dir)) {
        for (Path p : files.filter(SignalCleanupTest::isTemporary).toList()) {
          if (Files.exists(p) && Files.size(p) > 1 << 20) {
            return p;
          }
        }
      }
      Thread.sleep(20);
    }
    fail("no temporary file with data appeared; the child " + (child.isAlive() ? "is still running"
        : "exited with " + child.exitValue()));
    return null;
  }

  private void killMidWrite(String signal, int expectedExit) throws Exception {
    Path out = dir.resolve("w.npz");
    Process child = ChildCli.of(List.of(), "materialize", "models/wide_mlp.json", "--out", out.toString(),
        "--no-progress").redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    try {
      awaitTemporaryFileWithData(dir, child);
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start();
      assertEquals(0, kill.waitFor(), "kill -" + signal);
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits");
      assertEquals(expectedExit, child.exitValue(), () -> "exit code; stderr: " + read(dir.resolve("stderr.txt")));
      try (var files = Files.list(dir)) {
        assertEquals(List.of(dir.resolve("stderr.txt")), files.toList(), "only the child's stderr is left");
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "(unreadable)";
    }
  }

  @Test
  void sigtermMidWriteLeavesNoTemporaryFile() throws Exception {
    killMidWrite("TERM", 143);
  }

  @Test
  void sigintMidWriteLeavesNoTemporaryFile() throws Exception {
    killMidWrite("INT", 130);
  }
}
