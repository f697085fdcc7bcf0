package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed materialize: weights made slice by slice (a chunk far smaller than the weights) are written with exactly
 * the bytes of weights made whole, to .npz and to sharded .safetensors with their index; and the table's statistics
 * agree. Python reads the same files in python-parity/streaming_parity.py.
 */
class StreamingMaterializeTest {
  @TempDir
  Path tmp;

  /** Every entry of an .npz by key: the .npy bytes, read with ZipFile (it checks each CRC). */
  static Map<String, Npy.Array> npz(Path file) throws IOException {
    Map<String, Npy.Array> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        out.put(e.getName().replaceAll("\\.npy$", ""), Npy.read(zip.getInputStream(e)));
      }
    }
    return out;
  }

  /** The tensors of a safetensors file: key -> {dtype, shape, bytes}, checking that the offsets tile the data. */
  @SuppressWarnings("unchecked")
  static Map<String, Object[]> safetensors(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "header padded to 8 bytes");
    Map<String, Object> header = (Map<String, Object>) KerasJson.parse(
        new String(all, 8, (int) headerLength, StandardCharsets.UTF_8), "header");
    Map<String, Object[]> out = new LinkedHashMap<>();
    long expectedStart = 0;
    int dataStart = 8 + (int) headerLength;
    for (Map.Entry<String, Object> e : header.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      Map<String, Object> t = (Map<String, Object>) e.getValue();
      List<Number> offsets = (List<Number>) t.get("data_offsets");
      assertEquals(expectedStart, offsets.get(0).longValue(), e.getKey());
      expectedStart = offsets.get(1).longValue();
      byte[] data = java.util.Arrays.copyOfRange(all, dataStart + offsets.get(0).intValue(),
          dataStart + offsets.get(1).intValue());
      out.put(e.getKey(), new Object[] {t.get("dtype"), t.get("shape"), data});
    }
    assertEquals(all.length - dataStart, expectedStart, "the tensors fill the data section exactly");
    return out;
  }

  @Test
  void slicesWriteTheBytesOfWholeWeightsToNpzAndShardedSafetensors() throws Exception {
    Path whole = tmp.resolve("whole.npz");
    Path sliced = tmp.resolve("sliced.npz");
    Path shards = tmp.resolve("model.safetensors");
    String model = "models/transformer_block.json";
    CliRun a = CliRun.of("materialize", model, "--seed", "5", "--out", whole.toString(), "--format", "json");
    CliRun b = CliRun.of("materialize", model, "--seed", "5", "--out", sliced.toString(), "--chunk-size", "1000B",
        "--format", "json");
    CliRun c = CliRun.of("materialize", model, "--seed", "5", "--out", shards.toString(), "--chunk-size", "4KiB",
        "--max-shard-size", "50KB");
    assertEquals(0, a.code(), a.err());
    assertEquals(0, b.code(), b.err());
    assertEquals(0, c.code(), c.err());
    Map<String, Npy.Array> expected = npz(whole);
    Map<String, Npy.Array> streamed = npz(sliced);
    assertEquals(expected.keySet(), streamed.keySet());
    for (String key : expected.keySet()) {
      assertArrayEquals(expected.get(key).data, streamed.get(key).data, key);
      assertArrayEquals(expected.get(key).shape, streamed.get(key).shape, key);
    }
    assertStatsAgree(a.out(), b.out());

    @SuppressWarnings("unchecked")
    Map<String, Object> index = (Map<String, Object>) KerasJson.parse(
        Files.readString(tmp.resolve("model.safetensors.index.json")), "index");
    @SuppressWarnings("unchecked")
    Map<String, String> weightMap = (Map<String, String>) index.get("weight_map");
    assertEquals(expected.keySet(), weightMap.keySet());
    List<String> files = new ArrayList<>(new java.util.TreeSet<>(weightMap.values()));
    assertTrue(files.size() > 2, files.toString());
    long total = 0;
    for (String f : files) {
      assertTrue(f.matches("model-0000\\d-of-0000" + files.size() + "\\.safetensors"), f);
      for (Map.Entry<String, Object[]> t : safetensors(tmp.resolve(f)).entrySet()) {
        assertEquals(f, weightMap.get(t.getKey()));
        byte[] bytes = (byte[]) t.getValue()[2];
        assertArrayEquals(expected.get(t.getKey()).data, bytes, t.getKey());
        total += bytes.length;
      }
    }
    assertEquals(total, ((Number) ((Map<?, ?>) index.get("metadata")).get("total_size")).longValue());
    assertTrue(Files.notExists(shards), "a sharded output writes the shards and the index, not X.safetensors");
  }

  /** Streamed statistics merge per-slice moments: equal to the whole weight's two-pass ones up to rounding. */
  @SuppressWarnings("unchecked")
  private static void assertStatsAgree(String wholeJson, String slicedJson) {
    List<Map<String, Object>> a = (List<Map<String, Object>>) ((Map<String, Object>) KerasJson.parse(wholeJson, "out"))
        .get("weights");
    List<Map<String, Object>> b = (List<Map<String, Object>>) ((Map<String, Object>) KerasJson.parse(slicedJson, "out"))
        .get("weights");
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      for (String k : List.of("mean", "std")) {
        double x = ((Number) a.get(i).get(k)).doubleValue();
        double y = ((Number) b.get(i).get(k)).doubleValue();
        assertEquals(x, y, 1e-12 + 1e-9 * Math.abs(x), a.get(i).get("path") + " " + k);
      }
    }
  }

  @Test
  void badSizesAndFormatsAreOneLineErrors() {
    CliRun r = CliRun.of("materialize", "models/mlp.json", "--chunk-size", "lots");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--chunk-size \"lots\": expected a positive size such as 256MiB"), r.err());
    String[][] sizes = {{"9223372036854775808", "9223372036854775808 bytes is past the largest size, 2^63 - 1"},
        {"8EiB", "(units B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)"},
        {"1.0001KB", "is 1000.1 bytes; give a whole number of bytes"}, {"0", "expected a positive size"}};
    for (String[] c : sizes) {
      r = CliRun.of("materialize", "models/mlp.json", "--chunk-size", c[0]);
      assertEquals(1, r.code(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("--chunk-size \"" + c[0] + "\": " ) && r.err().contains(c[1]), r.err());
    }
    for (String size : List.of("9223372036854775807", "0.5KB")) { // the largest size; a fraction of a whole byte count
      r = CliRun.of("materialize", "models/mlp.json", "--chunk-size", size);
      assertEquals(0, r.code(), size + ": " + r.err());
    }
    r = CliRun.of("materialize", "models/mlp.json", "--out", tmp.resolve("w.npz").toString(), "--max-shard-size",
        "1MB");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--max-shard-size needs a .safetensors --out"), r.err());
  }

  /**
   * Writing X.safetensors again replaces what a loader would read from an earlier write under other names (as
   * save_pretrained cleans them): the single file beside a new index, the index beside a new single file, the shards
   * of another count; nothing else in the directory is touched.
   */
  @Test
  void anEarlierWritesFilesUnderOtherNamesAreRemoved() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("again"));
    Path out = dir.resolve("m.safetensors");
    Path unrelated = Files.writeString(dir.resolve("other-00001-of-00002.safetensors"), "not ours");
    Path notes = Files.writeString(dir.resolve("m-notes.txt"), "not ours");
    String[][] runs = {{}, {"--max-shard-size", "100KB"}, {"--max-shard-size", "900KB"}, {}};
    List<List<String>> expected = List.of(
        List.of("m.safetensors"),
        List.of("m-00001-of-00004.safetensors", "m-00002-of-00004.safetensors", "m-00003-of-00004.safetensors",
            "m-00004-of-00004.safetensors", "m.safetensors.index.json"),
        List.of("m-00001-of-00002.safetensors", "m-00002-of-00002.safetensors", "m.safetensors.index.json"),
        List.of("m.safetensors"));
    for (int i = 0; i < runs.length; i++) {
      List<String> args = new ArrayList<>(List.of("materialize", "models/mlp.json", "--out", out.toString(),
          "--no-progress"));
      args.addAll(List.of(runs[i]));
      CliRun r = CliRun.of(args.toArray(new String[0]));
      assertEquals(0, r.code(), r.err());
      List<String> ours;
      try (var files = Files.list(dir)) {
        ours = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("m") && !n.equals("m-notes.txt"))
            .sorted().toList();
      }
      assertEquals(expected.get(i), ours, String.join(" ", runs[i]));
    }
    assertEquals("not ours", Files.readString(unrelated));
    assertEquals("not ours", Files.readString(notes));
  }
}
