package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keras-init compare}: the three formats of one model's weights are the same weights; another seed's are not;
 * unreadable inputs are one-line errors with exit status 2; {@code materialize --weights-format} must suit the name.
 */
class CompareCommandTest {
  private static final String MODEL = "models/nested_shared.json";

  @TempDir
  static Path tmp;

  static Path npz;
  static Path keras3;
  static Path keras2;
  static Path otherSeed;

  @BeforeAll
  static void write() {
    npz = tmp.resolve("w.npz");
    keras3 = tmp.resolve("w.weights.h5");
    keras2 = tmp.resolve("w.h5");
    otherSeed = tmp.resolve("seed7.weights.h5");
    for (Path out : new Path[] {npz, keras3, keras2}) {
      assertEquals(0, CliRun.of("materialize", MODEL, "--seed", "42", "--out", out.toString()).code(), out::toString);
    }
    assertEquals(0, CliRun.of("materialize", MODEL, "--seed", "7", "--out", otherSeed.toString()).code());
  }

  @Test
  void theSameWeightsInEveryFormatAreIdentical() {
    CliRun r = CliRun.of("compare", npz.toString(), keras2.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("14 bit-equal") && r.out().contains(": identical"), r.out());
    r = CliRun.of("compare", keras3.toString(), npz.toString(), "--model", MODEL);
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("dense_1/kernel"), r.out());
    assertEquals(0, CliRun.of("compare", keras3.toString(), keras3.toString()).code());
  }

  @Test
  void otherWeightsDifferWithExitStatusOne() {
    CliRun r = CliRun.of("compare", keras3.toString(), otherSeed.toString(), "--differences-only");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("values differ") && r.out().endsWith("DIFFERENT\n"), r.out());
    assertFalse(r.out().contains("bit-equal\n"), "--differences-only lists only differences: " + r.out());
    // zeros and ones (biases, BatchNormalization) are the same whatever the seed
    assertTrue(r.out().contains(" bit-equal, "), r.out());
  }

  @Test
  void keysThatDoNotMeetAreDifferences() {
    CliRun r = CliRun.of("compare", npz.toString(), keras3.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("14 only in A, 14 only in B"), r.out());
  }

  /** ZipFile does not check a stored entry's CRC: a flipped data byte must not pass for a different weight. */
  @Test
  void aDamagedNpzIsAnErrorNotADifference() throws IOException {
    byte[] bytes = Files.readAllBytes(npz);
    Path damaged = tmp.resolve("damaged.npz");
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(npz.toFile())) {
      java.util.zip.ZipEntry first = zip.entries().nextElement();
      bytes[(int) (bytes.length * 0.1)] ^= 0x40; // well inside the first entries' data, past their headers
      assertTrue(first.getSize() > 0);
    }
    Files.write(damaged, bytes);
    CliRun r = CliRun.of("compare", npz.toString(), damaged.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("weights file " + damaged + " is damaged: entry ")
        && r.err().contains(".npy has CRC-32 "), r.err());
  }

  /** A FIFO (as a pipe, {@code <(ssh host cat w.npz)}) is read once, through a temporary copy deleted after. */
  @Test
  void aWeightsFileCanComeThroughAFifo() throws Exception {
    java.util.Set<Path> before = temporaryCopies();
    for (Path file : new Path[] {npz, keras3}) {
      Path fifo = tmp.resolve("fifo-" + file.getFileName());
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
      org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "no mkfifo");
      java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          Files.write(fifo, Files.readAllBytes(file));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      CliRun r = CliRun.of("compare", file.toString(), fifo.toString());
      writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(0, r.code(), r.out() + r.err());
      assertTrue(r.out().contains(": identical"), r.out());
      assertEquals(before, temporaryCopies(), "the temporary copy is gone");
    }
  }

  private static java.util.Set<Path> temporaryCopies() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith(".keras-init-")).collect(
          java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void unreadableInputsAreOneLineErrorsWithStatusTwo() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.h5"), "not hdf5\n");
    Path truncated = tmp.resolve("cut.weights.h5");
    byte[] whole = Files.readAllBytes(keras3);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    Object[][] cases = {
        {text, "is neither an HDF5 file (.weights.h5, .h5) nor a .npz"},
        {tmp, "is a directory; expected a .npz, .weights.h5 or .h5 file"},
        {tmp.resolve("missing.npz"), "does not exist"},
        {truncated, "truncated"},
        {Path.of("models/mlp.keras"), "is a zip without .npy entries (a .keras archive?)"}};
    for (Object[] c : cases) {
      CliRun r = CliRun.of("compare", c[0].toString(), keras3.toString());
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("keras-init: error: weights file " + c[0]) && r.err().contains((String) c[1]),
          r.err());
    }
    assertEquals(2, CliRun.of("compare", keras3.toString()).code());
  }

  @Test
  void theWeightsFormatMustSuitTheName() {
    CliRun r = CliRun.of("materialize", MODEL, "--out", tmp.resolve("x.h5").toString(), "--weights-format",
        "keras3");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--weights-format keras3 does not suit --out") && r.err().contains("model.weights.h5"),
        r.err());
    assertFalse(Files.exists(tmp.resolve("x.h5")));
    r = CliRun.of("materialize", MODEL, "--out", tmp.resolve("y.npz").toString(), "--weights-format", "hdf5");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("expected keras3, keras2, keras (a .keras archive), safetensors or npz"), r.err());
    assertEquals(2, CliRun.of("materialize", MODEL, "--weights-format", "npz").code());
  }

  /** Keras' load_weights tests ".weights.h5", then ".h5"/".hdf5", case-sensitively: "x.WEIGHTS.h5" is legacy. */
  @Test
  void theSuffixIsReadCaseSensitivelyAsKerasReadsIt() {
    Path upper = tmp.resolve("x.WEIGHTS.H5");
    CliRun r = CliRun.of("materialize", MODEL, "--out", upper.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("--out " + upper + ": Keras chooses") && r.err().contains("case-sensitively"),
        r.err());
    assertFalse(Files.exists(upper));
    Path legacy = tmp.resolve("x.WEIGHTS.h5");
    r = CliRun.of("materialize", MODEL, "--out", legacy.toString(), "--weights-format", "keras3");
    assertTrue(r.code() == 1 && r.err().contains("does not suit --out " + legacy), r.err());
    assertEquals(0, CliRun.of("materialize", MODEL, "--out", legacy.toString(), "--weights-format", "keras2").code());
    assertTrue(Files.exists(legacy));
  }
}
