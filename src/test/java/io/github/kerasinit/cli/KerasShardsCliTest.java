package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.StoredWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out X.weights.json}: Keras' sharded weights ({@code save_weights("X.weights.json", max_shard_size=...)}).
 * {@code streaming_parity.py} checks them live: {@code load_weights} reads them bit-exact, and the index is byte for
 * byte the one Keras writes. Here: the shards together hold exactly the datasets of the unsharded {@code .weights.h5}
 * (whose layout WeightsFileWriteTest holds to Keras'), each once and with the same bytes; the index names a shard for
 * each {@code vars} group; a rewrite with fewer shards removes the old ones.
 */
class KerasShardsCliTest {
  private static final String MODEL = "models/transformer_block.json";

  @TempDir
  Path dir;

  @Test
  void theShardsHoldTheUnshardedFilesDatasets() throws Exception {
    Path whole = dir.resolve("t.weights.h5");
    assertEquals(0, CliRun.of("materialize", MODEL, "--seed", "42", "--out", whole.toString(), "--no-progress")
        .code());
    Path index = dir.resolve("t.weights.json");
    CliRun r = CliRun.of("materialize", MODEL, "--seed", "42", "--out", index.toString(), "--max-shard-size", "64KB",
        "--chunk-size", "4KiB", "--no-progress");
    assertEquals(0, r.code(), r.err());
    List<Path> shards = shards();
    assertTrue(shards.size() >= 3, shards.toString());

    Map<String, StoredWeights.Entry> expected = StoredWeights.read(whole).entries();
    Map<String, StoredWeights.Entry> found = new HashMap<>();
    for (Path shard : shards) {
      assertTrue(Files.size(shard) < 64_000 + 16_384, shard + ": " + Files.size(shard) + " bytes"); // + metadata
      for (Map.Entry<String, StoredWeights.Entry> e : StoredWeights.read(shard).entries().entrySet()) {
        assertEquals(null, found.put(e.getKey(), e.getValue()), e.getKey() + " in two shards");
      }
    }
    assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(found.keySet()));
    for (String key : expected.keySet()) {
      assertEquals(expected.get(key).data(), found.get(key).data(), key);
    }

    Map<?, ?> weightMap = (Map<?, ?>) ((Map<?, ?>) KerasJson.parse(Files.readAllBytes(index), "index"))
        .get("weight_map");
    for (String key : expected.keySet()) {
      String group = "/" + key.substring(0, key.lastIndexOf('/'));
      Object files = weightMap.get(group);
      assertTrue(files != null, group + " not in the index");
      for (Object f : files instanceof List ? (List<?>) files : List.of(files)) {
        assertTrue(Files.exists(dir.resolve((String) f)), f + " named by the index");
      }
    }
  }

  @Test
  void aRewriteWithFewerShardsRemovesTheOldOnes() throws Exception {
    String index = dir.resolve("t.weights.json").toString();
    assertEquals(0, CliRun.of("materialize", MODEL, "--out", index, "--max-shard-size", "64KB", "--no-progress")
        .code());
    int before = shards().size();
    assertEquals(0, CliRun.of("materialize", MODEL, "--out", index, "--no-progress").code()); // Keras' default: 5 GiB
    assertEquals(List.of(dir.resolve("t_00000.weights.h5")), shards(), "of " + before);
  }

  @Test
  void aShardSizeNeedsAShardedName() {
    CliRun r = CliRun.of("materialize", MODEL, "--out", dir.resolve("t.weights.h5").toString(), "--max-shard-size",
        "64KB", "--no-progress");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--max-shard-size needs a .safetensors or .weights.json --out"), r.err());
    assertFalse(Files.exists(dir.resolve("t.weights.h5")));
  }

  private List<Path> shards() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("t_\\d{5}\\.weights\\.h5")).sorted()
          .collect(Collectors.toList());
    }
  }
}
