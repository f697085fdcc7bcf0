package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running out of memory while making and writing weights is a one-line error naming the weight and the bytes it
 * needs, not a JVM stack trace. JavaCPP, which holds TF-Java's native memory, throws an OutOfMemoryError when the
 * process outgrows {@code org.bytedeco.javacpp.maxPhysicalBytes} (by default 4 times the maximum heap); a child JVM
 * with that limit at 1 byte fails at the first native allocation for the first weight.
 */
class OutOfMemoryTest {
  @TempDir
  Path dir;

  @Test
  void outOfNativeMemoryIsOneLineNamingTheWeightAndItsBytes() throws Exception {
    Path out = dir.resolve("w.npz");
    Path err = dir.resolve("stderr.txt");
    Process child = ChildCli.of(List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=1"), "materialize",
        "models/wide_mlp.json", "--out", out.toString(), "--no-progress")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child exits");
    List<String> errors = Files.readAllLines(err).stream().filter(l -> l.startsWith("keras-init") || l.contains("\tat "))
        .toList();
    assertEquals(1, child.exitValue(), String.join("\n", errors));
    assertEquals(1, errors.size(), String.join("\n", errors));
    assertTrue(errors.get(0).startsWith("keras-init: error: out of memory making weight dense/kernel ([4096, 8192]"
        + " float32, 134,217,728 bytes)"), errors.get(0));
    assertFalse(Files.exists(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(err), files.toList(), "no temporary file left behind");
    }
  }
}
