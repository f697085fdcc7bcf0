package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.io.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Model files that are not plain files: pipes and FIFOs (read once), endless devices, FIFOs nobody writes to. */
class ModelFileInputsTest {
  private static final Duration NEVER_HANGS = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mlp.json", "mlp.keras", "mlp_legacy.h5"})
  void aFifoWrittenOnceReadsAsTheFileDoes(String name) throws Exception {
    Path model = Path.of("models", name);
    Path fifo = fifo("model");
    Thread writer = writeOnce(fifo, Files.readAllBytes(model));
    Map<String, Object> piped = assertTimeoutPreemptively(NEVER_HANGS, () -> ModelFiles.read(fifo));
    writer.join(10_000);
    assertEquals(ModelFiles.read(model), piped);
    try (Stream<Path> temps = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertTrue(temps.noneMatch(p -> p.getFileName().toString().startsWith("keras-init-input-")),
          "the temporary copy of a piped archive is deleted");
    }
  }

  @Test
  void aFifoNobodyWritesToIsGivenUpAfterTheIdleTimeout() throws Exception {
    Path fifo = fifo("silent");
    String saved = System.getProperty(InputFiles.IDLE_PROPERTY);
    System.setProperty(InputFiles.IDLE_PROPERTY, "1");
    try {
      KerasInitException e = assertTimeoutPreemptively(NEVER_HANGS,
          () -> assertThrows(KerasInitException.class, () -> ModelFiles.read(fifo)));
      assertTrue(e.getMessage().contains(fifo + " gave no data for 1 s")
          && e.getMessage().contains(InputFiles.IDLE_PROPERTY), e.getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(InputFiles.IDLE_PROPERTY);
      } else {
        System.setProperty(InputFiles.IDLE_PROPERTY, saved);
      }
    }
  }

  @Test
  void anEndlessDeviceIsRefusedAtTheSizeLimit() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "a system with /dev/zero");
    KerasInitException e = assertTimeoutPreemptively(NEVER_HANGS,
        () -> assertThrows(KerasInitException.class, () -> ModelFiles.read(zero)));
    assertTrue(e.getMessage().contains("/dev/zero is larger than " + ModelFiles.MAX_CONFIG_BYTES + " bytes"),
        e.getMessage());
  }

  @Test
  void aDirectoryOrAMissingFileSaysSo() {
    KerasInitException d = assertThrows(KerasInitException.class, () -> ModelFiles.read(dir));
    assertTrue(d.getMessage().contains(dir + " is a directory"), d.getMessage());
    KerasInitException m = assertThrows(KerasInitException.class, () -> ModelFiles.read(dir.resolve("no.json")));
    assertTrue(m.getMessage().endsWith("no.json does not exist"), m.getMessage());
  }

  @Test
  void aRegularFileOverTheLimitIsRefusedBeforeReading() throws Exception {
    Path big = dir.resolve("big.json");
    try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(ModelFiles.MAX_CONFIG_BYTES + 1L); // sparse: no disk used
    }
    KerasInitException e = assertThrows(KerasInitException.class, () -> ModelFiles.read(big));
    assertTrue(e.getMessage().contains("(" + (ModelFiles.MAX_CONFIG_BYTES + 1L) + " bytes)"), e.getMessage());
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

  /** Opens the FIFO for writing once (blocking until a reader opens it), writes everything, closes. */
  private static Thread writeOnce(Path fifo, byte[] bytes) {
    Thread t = new Thread(() -> {
      try {
        Files.write(fifo, bytes);
      } catch (IOException e) {
        // a reader that closed early: the read side fails the test
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
