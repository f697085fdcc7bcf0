package io.github.kerasinit.spark;

import io.github.kerasinit.io.WeightsFiles;
import io.github.kerasinit.model.WeightStream;
import io.github.kerasinit.model.core.WeightSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a sharded safetensors output is cut into tasks: each shard file's bytes (header, then its tensors' data back to
 * back) are split into consecutive pieces of about {@code taskBytes}, each a list of segments {@code [weight, start,
 * end)} in elements. A weight larger than what is left of a piece is split at a multiple of 4 elements when its
 * initializer makes slices; one that cannot (Orthogonal...) goes whole into a piece of its own size. A task writes
 * its piece; the driver concatenates a shard's pieces in order, so the shard is byte for byte the single-process file.
 */
final class PiecePlan {
  private PiecePlan() {}

  /** One task's piece of a shard. */
  record Piece(int shard, int index, boolean withHeader, List<long[]> segments) implements Serializable {}

  /**
   * @param weights the model's weights, in output order
   * @param files the output's layout (parts in weight order)
   */
  static List<Piece> plan(List<WeightSpec> weights, WeightsFiles files, long taskBytes) {
    List<Piece> pieces = new ArrayList<>();
    int weightIndex = 0;
    for (int shard = 0; shard < files.parts().size(); shard++) {
      Builder piece = new Builder(shard, pieces);
      int count = files.parts().get(shard).entries().size();
      for (int i = 0; i < count; i++, weightIndex++) {
        WeightSpec w = weights.get(weightIndex);
        long n = w.size();
        int size = w.dtype().byteSize();
        long start = 0;
        do {
          long room = taskBytes - piece.bytes;
          long rest = (n - start) * size;
          if (rest <= room || !w.init().sliceable()) {
            if (rest > room && !piece.segments.isEmpty()) {
              piece.flush(); // an unsliceable weight starts a piece of its own
            }
            piece.add(weightIndex, start, n, rest);
            break;
          }
          long take = room / size / 4 * 4;
          if (take > 0) {
            piece.add(weightIndex, start, start + take, take * size);
            start += take;
          }
          piece.flush();
        } while (start < n);
      }
      if (!piece.segments.isEmpty() || piece.index == 0) {
        piece.flush();
      }
    }
    return pieces;
  }

  /** The piece being filled, for one shard. */
  private static final class Builder {
    final int shard;
    final List<Piece> out;
    int index;
    List<long[]> segments = new ArrayList<>();
    long bytes;

    Builder(int shard, List<Piece> out) {
      this.shard = shard;
      this.out = out;
    }

    void add(int weight, long start, long end, long segmentBytes) {
      segments.add(new long[] {weight, start, end});
      bytes += segmentBytes;
    }

    void flush() {
      out.add(new Piece(shard, index, index == 0, segments));
      index++;
      segments = new ArrayList<>();
      bytes = 0;
    }
  }

  /** The default piece: 1 GiB, four default chunks. */
  static final long DEFAULT_TASK_BYTES = 4 * WeightStream.DEFAULT_CHUNK_BYTES;
}
