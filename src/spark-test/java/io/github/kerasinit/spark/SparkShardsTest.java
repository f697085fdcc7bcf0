package io.github.kerasinit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on {@code local[2]}: two executor threads make the pieces (big weights cut into slices across tasks,
 * shards cut into several pieces) and the driver assembles them; every file, shards and index, equals byte for byte
 * what single-process {@code materialize} writes for the same options.
 */
class SparkShardsTest {
  @TempDir
  Path tmp;

  @Test
  void localTwoWritesTheSingleProcessBytes() throws Exception {
    Path model = Path.of("models/transformer_block.json");
    Path single = tmp.resolve("single");
    Path spark = tmp.resolve("spark");
    Files.createDirectories(single);
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), "materialize", model.toString(), "--seed", "7", "--out",
        single.resolve("w.safetensors").toString(), "--max-shard-size", "40KB", "--chunk-size", "2KiB",
        "--no-progress");
    assertEquals(0, code, err.toString());

    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("SparkShardsTest")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    ShardedMaterialize.Result result;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      result = ShardedMaterialize.run(sc, model, 7, null, spark.resolve("w.safetensors"), 40_000, 10_000, 2048);
    }
    assertTrue(result.tasks() > result.files().parts().size(), "shards are cut into several tasks: " + result);
    List<String> names = list(single);
    assertEquals(names, list(spark));
    assertTrue(names.contains("w.safetensors.index.json") && names.size() > 3, names.toString());
    for (String name : names) {
      assertArrayEquals(Files.readAllBytes(single.resolve(name)), Files.readAllBytes(spark.resolve(name)), name);
    }
  }

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
