package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** materialize on nested models that reuse a layer name: a right table, and no .npz that would mix them up. */
class SharedWeightPathCliTest {
  @TempDir
  Path dir;

  private Path model() throws Exception {
    Path file = dir.resolve("nested.json");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/nested_same_layer_names.json")) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void theTableShowsEachWeightsOwnStatistics() throws Exception {
    CliRun r = CliRun.of("materialize", model().toString());
    assertEquals(0, r.code(), r.err());
    List<String> kernels = r.out().lines().filter(l -> l.startsWith("dense/kernel")).toList();
    assertEquals(2, kernels.size(), r.out());
    // the means of Keras' two kernels (seeds 1 and 2)
    assertTrue(kernels.get(0).contains(" 0.00048 ") && kernels.get(1).contains(" 0.01656 "), r.out());
  }

  @Test
  void outIsRefusedBeforeWritingAndSaysWhy() throws Exception {
    Path out = dir.resolve("w.npz");
    CliRun r = CliRun.of("materialize", model().toString(), "--out", out.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("2 weights have the path \"dense/kernel\"") && r.err().contains("unique names")
        && !r.err().contains("ZipException"), r.err());
    assertTrue(!Files.exists(out));
  }
}
