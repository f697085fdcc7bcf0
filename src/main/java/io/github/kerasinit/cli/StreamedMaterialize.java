package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.io.OutputFiles;
import io.github.kerasinit.io.WeightEntry;
import io.github.kerasinit.io.WeightsFileWriter;
import io.github.kerasinit.io.WeightsFiles;
import io.github.kerasinit.model.WeightStream;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * materialize's work: the weights streamed ({@link WeightStream}) into the table's statistics and, with {@code --out},
 * into the weights files ({@link WeightsFiles}: written by an {@link OutputFiles.Batch}, shards and index renamed into
 * place together once all are written), with a progress bar counting bytes.
 */
final class StreamedMaterialize {
  /**
   * Weights files from this size on are written past the page cache ({@link OutputFiles#writeUncached}): copying
   * gigabytes into it cost about as much CPU as drawing them (llm_7b: 32 s for 25 GiB written, 35 s for the draws),
   * and they would evict everything else cached. A smaller file stays buffered: its copy is cheap, and a file soon
   * read back (a test, a conversion) is then read from memory.
   */
  static final long UNCACHED_FROM_BYTES = 1L << 30;

  private final List<WeightSpec> weights;
  private final long chunkBytes;
  private final String device;
  private final ProgressBar bar;
  private final Map<WeightSpec, Stats> stats = new IdentityHashMap<>();
  /** Each weight's SHA-256 over its parts in order, when asked for (the JSON output); else empty. */
  private final Map<WeightSpec, MessageDigest> digests = new IdentityHashMap<>();
  private final boolean sha256;

  StreamedMaterialize(List<WeightSpec> weights, long chunkBytes, String device, ProgressBar bar, boolean sha256) {
    this.weights = weights;
    this.chunkBytes = chunkBytes;
    this.device = device;
    this.bar = bar;
    this.sha256 = sha256;
  }

  /** Streams every weight into the statistics only. */
  void statisticsOnly() throws IOException {
    WeightStream.run(weights, chunkBytes, device, sink(null));
  }

  /** Streams every weight into {@code files} (laid out for these weights) and the statistics. */
  void write(WeightsFiles files, List<Path> inputs) throws IOException {
    try (OutputFiles.Batch batch = new OutputFiles.Batch()) { // shards and index land together or not at all
      int next = 0;
      for (WeightsFiles.Part part : files.parts()) {
        List<WeightSpec> inPart = part.weights() != null ? part.weights().stream().map(weights::get).toList()
            : weights.subList(next, next + part.entries().size());
        next += inPart.size();
        batch.write(part.path(), inputs, stream -> {
          try (WeightsFileWriter writer = files.open(part, stream)) {
            WeightStream.run(inPart, chunkBytes, device, sink(writer));
          }
        }, part.bytes() >= UNCACHED_FROM_BYTES);
      }
      if (files.index() != null) {
        batch.write(files.index(), inputs, stream -> stream.write(files.indexJson()), false);
      }
      files.staleFiles().forEach(batch::removeOnCommit);
      batch.commit();
    }
  }

  /** Mean and std of a weight after it streamed. */
  double[] meanStd(WeightSpec w) {
    return stats.get(w).meanStd();
  }

  /** The SHA-256 of a weight's bytes (hex) after it streamed; null unless asked for. */
  String sha256(WeightSpec w) {
    MessageDigest digest = digests.get(w);
    return digest == null ? null : HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Each part's native bytes go to the statistics (read as values) and, chunk by chunk, to the digest and the writer;
   * a whole weight goes to {@link WeightsFileWriter#add} where the writer prefers it (an .npz entry then carries its
   * CRC up front).
   */
  private WeightStream.Sink sink(WeightsFileWriter writer) {
    return new WeightStream.Sink() {
      private boolean streaming;

      @Override
      public void begin(WeightSpec w) {
        stats.put(w, new Stats());
        if (sha256) {
          digests.put(w, TensorBytes.sha256());
        }
        streaming = false;
      }

      @Override
      public void part(WeightSpec w, long startElement, Tensor part) throws IOException {
        ByteDataBuffer data = TensorBytes.data(part);
        stats.get(w).add(w.dtype(), data);
        MessageDigest digest = digests.get(w);
        WeightEntry entry = new WeightEntry(w.path(), w.dtype(), w.shape());
        if (writer != null && writer.prefersWhole() && startElement == 0 && data.size() == entry.bytes()) {
          if (digest != null) {
            TensorBytes.update(digest, data);
          }
          writer.add(entry, data);
        } else if (writer != null || digest != null) {
          if (writer != null && startElement == 0) {
            writer.begin(entry);
            streaming = true;
          }
          if (digest == null) {
            writer.write(data); // from native memory, with one copy where the writer can
          } else {
            TensorBytes.forEachChunk(data, TensorBytes.CHUNK_BYTES, (chunk, length) -> {
              digest.update(chunk, 0, length);
              if (writer != null) {
                writer.write(chunk, 0, length);
              }
            });
          }
        }
        if (bar != null) {
          bar.stepBy(data.size());
        }
      }

      /** Without a writer or a digest, a float32 fill of a finite value is summed from its value (Stats). */
      @Override
      public boolean readsFilled(WeightSpec w) {
        double value = w.init().fillValue().orElse(Double.NaN);
        return writer != null || sha256 || w.dtype() != DType.FLOAT32 || !Float.isFinite((float) value);
      }

      @Override
      public void filled(WeightSpec w, double value) {
        stats.get(w).addFilledFloat32((float) value, w.size());
        if (bar != null) {
          bar.stepBy(w.size() * Float.BYTES);
        }
      }

      @Override
      public void end(WeightSpec w) throws IOException {
        if (streaming) {
          writer.end();
        }
      }
    };
  }
}
