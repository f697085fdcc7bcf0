package io.github.kerasinit.spark;

import io.github.kerasinit.DType;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.SafetensorsWriter;
import io.github.kerasinit.io.WeightEntry;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.WeightStream;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Tensor;

/**
 * What a task runs on an executor: the model's weights rebuilt from its config and seed (the same specs on every
 * machine: the seed fixes every unseeded initializer's draw), then one piece of a shard file written, its header
 * first when it opens the shard.
 */
final class PieceWriter implements Serializable {
  private static final long serialVersionUID = 1L;
  /** One model per executor JVM and job, not per task. */
  private static final Map<String, KerasModel> MODELS = new ConcurrentHashMap<>();

  private final String configJson;
  private final long seed;
  private final String dtype; // null: the layers' policies
  private final List<List<WeightEntry>> shardEntries;
  private final String pieceDir;
  private final long chunkBytes;

  PieceWriter(String configJson, long seed, String dtype, List<List<WeightEntry>> shardEntries, Path pieceDir,
      long chunkBytes) {
    this.configJson = configJson;
    this.seed = seed;
    this.dtype = dtype;
    this.shardEntries = shardEntries;
    this.pieceDir = pieceDir.toString();
    this.chunkBytes = chunkBytes;
  }

  /** The file of one piece: {@code shard-piece}, in the job's piece directory. */
  static Path file(Path pieceDir, PiecePlan.Piece piece) {
    return pieceDir.resolve(String.format(java.util.Locale.ROOT, "%05d-%06d", piece.shard(), piece.index()));
  }

  @SuppressWarnings("unchecked")
  private KerasModel model() {
    return MODELS.computeIfAbsent(seed + "/" + dtype + "/" + configJson, key -> {
      KerasModel.Options options = KerasModel.options().seed(seed);
      if (dtype != null) {
        options.dtype(DType.of(dtype));
      }
      return KerasModel.fromConfig((Map<String, Object>) KerasJson.parse(configJson, "the model config"), options);
    });
  }

  void write(PiecePlan.Piece piece) throws IOException {
    List<WeightSpec> weights = model().weights();
    Path target = file(Path.of(pieceDir), piece);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
      if (piece.withHeader()) {
        out.write(SafetensorsWriter.prefix(shardEntries.get(piece.shard())));
      }
      WeightStream.Sink sink = new WeightStream.Sink() {
        @Override
        public void begin(WeightSpec weight) {}

        @Override
        public void part(WeightSpec weight, long startElement, Tensor part) throws IOException {
          TensorBytes.forEachChunk(TensorBytes.data(part), TensorBytes.CHUNK_BYTES, (b, n) -> out.write(b, 0, n));
        }

        @Override
        public void end(WeightSpec weight) {}
      };
      List<WeightSpec> wholes = new ArrayList<>();
      for (long[] s : piece.segments()) {
        WeightSpec w = weights.get((int) s[0]);
        if (s[1] == 0 && s[2] == w.size()) {
          wholes.add(w); // consecutive whole weights are made in groups
          continue;
        }
        WeightStream.run(wholes, chunkBytes, null, sink);
        wholes.clear();
        WeightStream.runRange(w, s[1], s[2], chunkBytes, null, sink);
      }
      WeightStream.run(wholes, chunkBytes, null, sink);
    }
  }
}
