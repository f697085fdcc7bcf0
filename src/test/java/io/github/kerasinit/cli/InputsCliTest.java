package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands read: pipes and FIFOs, endless devices, file encodings, file names. */
class InputsCliTest {
  private static final Duration NEVER_HANGS = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void everyFileArgumentMayBeAPipe() throws Exception {
    Path model = fifo("model");
    writeOnce(model, Files.readAllBytes(Path.of("models/mlp.json")));
    CliRun m = assertTimeoutPreemptively(NEVER_HANGS,
        () -> CliRun.of("materialize", model.toString(), "--seed", "1", "--format", "json"));
    assertEquals(0, m.code(), m.err());
    assertTrue(m.out().contains("\"dense_2/bias\""), m.out());

    Path config = fifo("config");
    writeOnce(config, "{\"class_name\": \"Ones\"}".getBytes(StandardCharsets.UTF_8));
    CliRun c = assertTimeoutPreemptively(NEVER_HANGS, () -> CliRun.of("config", "--config", "@" + config));
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().contains("\"Ones\""), c.out());

    Path cases = fifo("cases");
    writeOnce(cases, "[{\"id\": \"a\", \"config\": \"ones\", \"shape\": [2], \"dtype\": \"float32\"}]"
        .getBytes(StandardCharsets.UTF_8));
    CliRun s = assertTimeoutPreemptively(NEVER_HANGS,
        () -> CliRun.of("sample", "--cases", cases.toString(), "--out-dir", dir.resolve("out").toString()));
    assertEquals(0, s.code(), s.err());
    assertTrue(Files.exists(dir.resolve("out/a.npy")) && Files.exists(dir.resolve("out/manifest.json")));
  }

  @Test
  void anEndlessInputIsOneLineAndExitOne() {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "a system with /dev/zero");
    for (String[] args : new String[][] {{"materialize", "/dev/zero"}, {"config", "--config", "@/dev/zero"},
        {"sample", "--cases", "/dev/zero", "--out-dir", dir.resolve("z").toString()}}) {
      CliRun r = assertTimeoutPreemptively(NEVER_HANGS, () -> CliRun.of(args));
      assertEquals(1, r.code(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("/dev/zero is larger than"), r.err());
    }
    assertTrue(!Files.exists(dir.resolve("z")), "nothing written");
  }

  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      p = null;
    }
    assumeTrue(p != null && p.waitFor() == 0, "mkfifo");
    return fifo;
  }

  private static void writeOnce(Path fifo, byte[] bytes) {
    Thread t = new Thread(() -> {
      try {
        Files.write(fifo, bytes);
      } catch (IOException e) {
        // the reading side fails the test
      }
    });
    t.setDaemon(true);
    t.start();
  }
}
