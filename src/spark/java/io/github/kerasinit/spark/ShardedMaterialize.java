package io.github.kerasinit.spark;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.OutputFiles;
import io.github.kerasinit.io.WeightEntry;
import io.github.kerasinit.io.WeightsFiles;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.ModelFiles;
import io.github.kerasinit.model.WeightStream;
import io.github.kerasinit.model.core.WeightSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Keras model's initial weights as sharded safetensors, computed by an Apache Spark job: the driver lays out the
 * shards (as {@code materialize --out X.safetensors --max-shard-size S}) and cuts them into pieces of about
 * {@code --task-size} bytes ({@link PiecePlan}: big weights into slices); each task rebuilds the model's weight specs
 * from the config and the seed, makes its piece with TF-Java and writes it to the output's directory (which the
 * executors and the driver share: a local disk for {@code local[N]}, a shared file system on a cluster); the driver
 * concatenates each shard's pieces in order and writes the index. The result is byte for byte the single-process
 * output. Usage (docs/sharded.md):
 *
 * <pre>
 * spark-submit --class io.github.kerasinit.spark.ShardedMaterialize APP.jar MODEL OUT.safetensors --seed N
 *     [--max-shard-size 5GB] [--task-size 1GiB] [--chunk-size 256MiB] [--dtype float16]
 * </pre>
 */
public final class ShardedMaterialize {
  /** What a run did. */
  public record Result(WeightsFiles files, int tasks, double seconds) {}

  private ShardedMaterialize() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ShardedMaterialize MODEL OUT.safetensors --seed N [--max-shard-size S]"
          + " [--task-size S] [--chunk-size S] [--dtype D]");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Long seed = null;
    long maxShard = 0;
    long taskBytes = PiecePlan.DEFAULT_TASK_BYTES;
    long chunkBytes = WeightStream.DEFAULT_CHUNK_BYTES;
    String dtype = null;
    for (int i = 2; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(value);
        case "--max-shard-size" -> maxShard = WeightsFiles.parseSize(value, "--max-shard-size");
        case "--task-size" -> taskBytes = WeightsFiles.parseSize(value, "--task-size");
        case "--chunk-size" -> chunkBytes = WeightsFiles.parseSize(value, "--chunk-size");
        case "--dtype" -> dtype = value;
        default -> throw new KerasInitException("unknown option " + args[i]);
      }
    }
    if (seed == null) {
      throw new KerasInitException("--seed is required: every executor must draw the same unseeded initializers");
    }
    SparkConf conf = new SparkConf().setAppName("keras-init sharded materialize " + model.getFileName());
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      Result r = run(sc, model, seed, dtype, out, maxShard, taskBytes, chunkBytes);
      System.out.printf(Locale.ROOT, "wrote %d file(s) for %s in %d tasks, %.1f s%n", r.files().files().size(), out,
          r.tasks(), r.seconds());
    }
  }

  /** Runs the job on {@code sc}; see the class comment. */
  public static Result run(JavaSparkContext sc, Path model, long seed, String dtype, Path out, long maxShardBytes,
      long taskBytes, long chunkBytes) throws IOException {
    long start = System.nanoTime();
    if (WeightsFiles.formatOf(out) != WeightsFiles.Format.SAFETENSORS) {
      throw new KerasInitException("--out " + out + ": the Spark job writes .safetensors (shards and an index)");
    }
    Map<String, Object> config = ModelFiles.read(model);
    KerasModel.Options options = KerasModel.options().seed(seed);
    if (dtype != null) {
      options.dtype(DType.of(dtype));
    }
    KerasModel keras = KerasModel.fromConfig(config, options);
    keras.requireUniquePaths("--out " + out + ", safetensors keyed by weight path,");
    List<WeightSpec> weights = keras.weights();
    List<WeightEntry> entries = new ArrayList<>();
    weights.forEach(w -> entries.add(new WeightEntry(w.path(), w.dtype(), w.shape())));
    WeightsFiles files = WeightsFiles.plan(out, entries, maxShardBytes);
    files.files().forEach(f -> OutputFiles.check(f, List.of(model)));
    List<PiecePlan.Piece> pieces = PiecePlan.plan(weights, files, taskBytes);
    Path dir = out.toAbsolutePath().getParent();
    OutputFiles.createDirectories(dir);
    Path pieceDir = Files.createTempDirectory(dir, ".keras-init-pieces-");
    try {
      List<List<WeightEntry>> shardEntries = new ArrayList<>();
      files.parts().forEach(p -> shardEntries.add(p.entries()));
      PieceWriter writer = new PieceWriter(KerasJson.write(config), seed, dtype, shardEntries, pieceDir, chunkBytes);
      sc.parallelize(pieces, Math.max(1, pieces.size())).foreach(writer::write);
      try (OutputFiles.Batch batch = new OutputFiles.Batch()) { // the shards and the index land together or not
        for (int shard = 0; shard < files.parts().size(); shard++) {
          int s = shard;
          List<Path> parts = pieces.stream().filter(p -> p.shard() == s).map(p -> PieceWriter.file(pieceDir, p))
              .toList();
          batch.write(files.parts().get(shard).path(), List.of(model), stream -> {
            for (Path part : parts) {
              Files.copy(part, stream);
              Files.delete(part); // the disk holds a shard's bytes about once, not twice
            }
          }, false);
        }
        if (files.index() != null) {
          batch.write(files.index(), List.of(model), stream -> stream.write(files.indexJson()), false);
        }
        files.staleFiles().forEach(batch::removeOnCommit);
        batch.commit();
      }
    } finally {
      try (Stream<Path> left = Files.walk(pieceDir)) {
        for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    return new Result(files, pieces.size(), (System.nanoTime() - start) / 1e9);
  }
}
