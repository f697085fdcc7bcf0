package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code materialize a.json b.json ...}: several models in one process, each exactly as if it ran alone (same
 * seeds, same bytes, its own table and summary line), each to its own output (--out once per model, in order, or
 * --out-dir); ambiguous output requests are one-line usage errors before any work.
 */
class MultiModelCliTest {
  private static final String MLP = "models/mlp.json";
  private static final String CNN = "models/cnn_bn.json";

  @TempDir
  Path dir;

  /** Every entry of a .npz by name (the zip's timestamps differ from run to run; the arrays must not). */
  private static Map<String, byte[]> npz(Path file) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    }
    return entries;
  }

  private static void assertSameNpz(Path expected, Path actual) throws IOException {
    Map<String, byte[]> a = npz(expected);
    Map<String, byte[]> b = npz(actual);
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertTrue(java.util.Arrays.equals(a.get(k), b.get(k)), k + " differs");
    }
  }

  @Test
  void eachModelGetsWhatItGetsAloneWithRepeatedOut() throws Exception {
    CliRun both = CliRun.of("materialize", MLP, CNN, "--seed", "7", "--no-progress", "--out",
        dir.resolve("a.npz").toString(), "--out", dir.resolve("b.npz").toString());
    assertEquals(0, both.code(), both.err());
    CliRun mlp = CliRun.of("materialize", MLP, "--seed", "7", "--no-progress", "--out", dir.resolve("mlp1.npz")
        .toString());
    CliRun cnn = CliRun.of("materialize", CNN, "--seed", "7", "--no-progress", "--out", dir.resolve("cnn1.npz")
        .toString());
    assertEquals(0, mlp.code(), mlp.err());
    assertEquals(0, cnn.code(), cnn.err());
    assertSameNpz(dir.resolve("mlp1.npz"), dir.resolve("a.npz"));
    assertSameNpz(dir.resolve("cnn1.npz"), dir.resolve("b.npz"));
    // two tables, each closed by its own summary line naming its file and output, in the models' order
    List<String> summaries = both.out().lines().filter(l -> l.contains("\" from ")).toList();
    assertEquals(2, summaries.size(), both.out());
    assertTrue(summaries.get(0).startsWith("Sequential \"mlp\" from " + MLP) && summaries.get(0).endsWith("a.npz"),
        summaries.get(0));
    assertTrue(summaries.get(1).contains("from " + CNN) && summaries.get(1).endsWith("b.npz"), summaries.get(1));
    // the tables themselves are the single runs' tables (the timing in the summary lines aside)
    assertEquals(withoutSummaries(mlp.out()) + withoutSummaries(cnn.out()), withoutSummaries(both.out()));
  }

  private static String withoutSummaries(String out) {
    StringBuilder sb = new StringBuilder();
    out.lines().filter(l -> !l.contains("\" from ")).forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  @Test
  void outDirNamesEachFileAfterItsModel() throws Exception {
    Path outDir = dir.resolve("sweep"); // created, as mkdir -p
    CliRun r = CliRun.of("materialize", MLP, CNN, "--seed", "3", "--no-progress", "--out-dir", outDir.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("cnn_bn.npz", "mlp.npz"), Files.list(outDir).map(p -> p.getFileName().toString()).sorted()
        .toList());
    CliRun alone = CliRun.of("materialize", CNN, "--seed", "3", "--no-progress", "--out", dir.resolve("c.npz")
        .toString());
    assertEquals(0, alone.code(), alone.err());
    assertSameNpz(dir.resolve("c.npz"), outDir.resolve("cnn_bn.npz"));
  }

  @Test
  void jsonWithSeveralModelsIsAListOfTheSingleDocuments() {
    CliRun r = CliRun.of("materialize", MLP, CNN, "--seed", "1", "--format", "json", "--no-progress");
    assertEquals(0, r.code(), r.err());
    Object parsed = io.github.kerasinit.config.KerasJson.parse(r.out(), "stdout");
    assertTrue(parsed instanceof List, r.out());
    List<?> docs = (List<?>) parsed;
    assertEquals(2, docs.size());
    assertEquals("mlp", ((Map<?, ?>) docs.get(0)).get("model"));
    assertEquals("cnn_bn", ((Map<?, ?>) docs.get(1)).get("model"));
    CliRun one = CliRun.of("materialize", MLP, "--seed", "1", "--format", "json", "--no-progress");
    assertTrue(io.github.kerasinit.config.KerasJson.parse(one.out(), "stdout") instanceof Map, one.out()); // as before
    // the same key order on every run (Map.of's differed from one JVM to the next, so two runs' files did not diff)
    assertTrue(one.out().indexOf("\"model\"") < one.out().indexOf("\"weights\""), one.out());
  }

  @Test
  void ambiguousOutputsAreOneLineUsageErrorsBeforeAnyWork() throws Exception {
    Path a = dir.resolve("a.npz");
    String[][] cases = {
      {"materialize", MLP, CNN, "--out", a.toString()},
      {"materialize", MLP, "--out", a.toString(), "--out", dir.resolve("b.npz").toString()},
      {"materialize", MLP, CNN, "--out", a.toString(), "--out", dir.resolve("x/../a.npz").toString()},
      {"materialize", MLP, "--out", a.toString(), "--out-dir", dir.toString()},
      {"materialize", MLP, "models/../" + MLP, "--out-dir", dir.toString()},
    };
    String[] expected = {"1 --out for 2 models", "2 --out for 1 models", "two models would be written to",
        "--out and --out-dir cannot be combined", "two models would be written to"};
    for (int i = 0; i < cases.length; i++) {
      CliRun r = CliRun.of(cases[i]);
      assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains(expected[i]), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
      assertTrue(r.out().isEmpty(), r.out()); // nothing made
    }
    try (java.util.stream.Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList()); // no output, no temporary file
    }
  }

  /** A symbolic link's target is written (the link stays a link): two names for one file are one output. */
  @Test
  void twoNamesOfOneFileAreOneOutput() throws Exception {
    Path links = Files.createDirectories(dir.resolve("links"));
    Path target = links.resolve("x.npz");
    Path dangling = Files.createSymbolicLink(links.resolve("l.npz"), Path.of("x.npz")); // x.npz does not exist yet
    Path viaDir = Files.createSymbolicLink(dir.resolve("d"), links).resolve("x.npz");
    for (Path other : List.of(dangling, viaDir)) {
      CliRun r = CliRun.of("materialize", MLP, CNN, "--out", target.toString(), "--out", other.toString());
      assertEquals(2, r.code(), other + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("two models would be written to " + other + " and " + target + ", one file"),
          r.err());
      assertTrue(r.out().isEmpty(), r.out());
    }
    Files.writeString(target, "an earlier file");
    assertEquals(2, CliRun.of("materialize", MLP, CNN, "--out", dangling.toString(), "--out", target.toString())
        .code());
    assertEquals("an earlier file", Files.readString(target));
  }

  @Test
  void aModelThatFailsStopsTheRunAfterTheModelsBeforeIt() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"class_name\": \"Sequential\", \"config\": 1}");
    CliRun r = CliRun.of("materialize", MLP, bad.toString(), "--no-progress", "--out-dir", dir.resolve("o")
        .toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(Files.exists(dir.resolve("o/mlp.npz")));
    assertFalse(Files.exists(dir.resolve("o/bad.npz")));
  }
}
