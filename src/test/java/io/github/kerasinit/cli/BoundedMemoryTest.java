package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed materialize keeps memory bounded by the chunk, not by the model: a 1 GiB embedding (32 times the 32 MiB
 * chunk) written to an .npz raises the child process's peak RSS above that of a 64 KiB embedding by far less than
 * the weight. Made whole, the weight alone would add 1 GiB (2.5 GiB measured before streaming). The peak is the
 * kernel's high-water mark (VmHWM), read from /proc while the child runs.
 */
class BoundedMemoryTest {
  private static final long CHUNK = 32L << 20;

  @TempDir
  Path tmp;

  /** A Functional model with one Embedding of {@code rows x 1024} float32 (RandomUniform, unseeded). */
  private Path embeddingModel(String name, long rows) throws IOException {
    String json = String.format(Locale.ROOT, "{\"module\": \"keras\", \"class_name\": \"Functional\", \"config\": {"
        + "\"name\": \"%s\", \"trainable\": true, \"layers\": [{\"module\": \"keras.layers\", \"class_name\":"
        + " \"InputLayer\", \"config\": {\"batch_shape\": [null, 8], \"dtype\": \"int32\", \"sparse\": false,"
        + " \"ragged\": false, \"name\": \"input_layer\", \"optional\": false}, \"registered_name\": null, \"name\":"
        + " \"input_layer\", \"inbound_nodes\": []}, {\"module\": \"keras.layers\", \"class_name\": \"Embedding\","
        + " \"config\": {\"name\": \"embedding\", \"trainable\": true, \"dtype\": \"float32\", \"input_dim\": %d,"
        + " \"output_dim\": 1024, \"embeddings_initializer\": {\"module\": \"keras.initializers\", \"class_name\":"
        + " \"RandomUniform\", \"config\": {\"seed\": null, \"minval\": -0.05, \"maxval\": 0.05},"
        + " \"registered_name\": null}, \"mask_zero\": false}, \"registered_name\": null, \"build_config\":"
        + " {\"input_shape\": [null, 8]}, \"name\": \"embedding\", \"inbound_nodes\": [{\"args\": [{\"class_name\":"
        + " \"__keras_tensor__\", \"config\": {\"shape\": [null, 8], \"dtype\": \"int32\", \"keras_history\":"
        + " [\"input_layer\", 0, 0]}}], \"kwargs\": {}}]}], \"input_layers\": [\"input_layer\", 0, 0],"
        + " \"output_layers\": [\"embedding\", 0, 0]}, \"registered_name\": null}", name, rows);
    Path file = tmp.resolve(name + ".json");
    Files.writeString(file, json);
    return file;
  }

  /** Peak RSS in bytes of a materialize child, polled from /proc/PID/status until it exits. */
  private long peakRss(Path model, Path out) throws Exception {
    ProcessBuilder builder = ChildCli.of(List.of("-Xmx256m"), "materialize", model.toString(), "--seed", "1",
        "--chunk-size", CHUNK + "B", "--out", out.toString(), "--no-progress")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(tmp.resolve("err.txt").toFile());
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = builder.start();
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    long peakKb = 0;
    while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            peakKb = Math.max(peakKb, Long.parseLong(line.replaceAll("[^0-9]", "")));
          }
        }
      } catch (IOException exited) {
        // the process ended between waitFor and the read
      }
    }
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("err.txt")));
    return peakKb * 1024;
  }

  @Test
  void aWeight32TimesTheChunkStreamsWithinAFewChunks() throws Exception {
    long weightBytes = 262_144L * 1024 * 4;
    Path out = tmp.resolve("w.npz");
    long small = peakRss(embeddingModel("small", 16), out);
    long big = peakRss(embeddingModel("big", 262_144), out);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(out.toFile())) {
      long entry = zip.getEntry("embedding/embeddings.npy").getSize();
      assertTrue(entry > weightBytes && entry <= weightBytes + 256, "the whole weight was written: " + entry);
    }
    long growth = big - small;
    System.err.printf(Locale.ROOT, "BoundedMemoryTest: peak RSS %,d (64 KiB weight) vs %,d (1 GiB weight)%n", small,
        big);
    assertTrue(growth < 8 * CHUNK, String.format(Locale.ROOT, "peak RSS grew by %,d bytes for a %,d-byte weight"
        + " (small model %,d, big %,d); the bound is 8 chunks of %,d", growth, weightBytes, small, big, CHUNK));
  }
}
