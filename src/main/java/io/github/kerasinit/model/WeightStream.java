package io.github.kerasinit.model;

import io.github.kerasinit.model.core.WeightSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Tensor;

/**
 * Makes weights in order with native memory bounded by a chunk size, handing each to a sink as it is made and then
 * freeing it. Weights of at most a chunk are made together in groups of about {@link #GROUP_BYTES} (one graph run
 * each); a larger weight is made slice by slice, each slice of at most a chunk its own run
 * ({@link io.github.kerasinit.KerasInitializer#callRange}), so a weight larger than memory streams through. A weight
 * whose initializer cannot make slices (Orthogonal, a SeedGenerator seed, LSTM's concatenated forget bias) is made
 * whole whatever its size.
 */
public final class WeightStream {
  /** The default chunk: a quarter of a GiB, so that the peak stays well under 1 GiB beyond the JVM and TF runtime. */
  public static final long DEFAULT_CHUNK_BYTES = 256L << 20;
  /** Small weights are made in groups of about this many bytes (a graph run has a fixed cost). */
  public static final long GROUP_BYTES = 64L << 20;

  /** Receives the weights in order: begin, one or more consecutive parts (valid until the call returns), end. */
  public interface Sink {
    void begin(WeightSpec weight) throws IOException;

    void part(WeightSpec weight, long startElement, Tensor part) throws IOException;

    void end(WeightSpec weight) throws IOException;
  }

  private WeightStream() {}

  /**
   * Streams {@code weights} into {@code sink}.
   *
   * @param chunkBytes the most bytes of one slice (rounded down to whole Philox groups of 4 elements)
   * @param device as {@link KerasModel#materialize(String)}: a device for every op, or null
   */
  public static void run(List<WeightSpec> weights, long chunkBytes, String device, Sink sink) throws IOException {
    long groupBytes = Math.min(GROUP_BYTES, chunkBytes);
    List<WeightSpec> group = new ArrayList<>();
    long bytes = 0;
    for (WeightSpec w : weights) {
      long size = bytes(w);
      if (size > chunkBytes && w.init().sliceable()) {
        flush(group, device, sink);
        bytes = 0;
        sliced(w, chunkBytes, device, sink);
        continue;
      }
      group.add(w);
      bytes += size;
      if (bytes >= groupBytes) {
        flush(group, device, sink);
        bytes = 0;
      }
    }
    flush(group, device, sink);
  }

  /** The elements of one slice for a chunk: a multiple of 4 (a Philox group in every dtype), at least 4. */
  public static long sliceElements(WeightSpec w, long chunkBytes) {
    return Math.max(4, chunkBytes / w.dtype().byteSize() / 4 * 4);
  }

  private static void sliced(WeightSpec w, long chunkBytes, String device, Sink sink) throws IOException {
    runRange(w, 0, w.size(), chunkBytes, device, sink);
  }

  /**
   * Streams elements {@code [from, to)} of one weight whose init is {@link
   * io.github.kerasinit.model.core.WeightInit#sliceable()}, in slices of at most a chunk: begin, parts, end (the
   * parts' start elements are absolute). A sharded job gives each task such a range of a weight too big for one.
   */
  public static void runRange(WeightSpec w, long from, long to, long chunkBytes, String device, Sink sink)
      throws IOException {
    long step = sliceElements(w, chunkBytes);
    sink.begin(w);
    for (long start = from; start < to; start += step) {
      long end = Math.min(to, start + step);
      try (Tensor part = Materializer.runRange(w, start, end, device)) {
        sink.part(w, start, part);
      }
    }
    sink.end(w);
  }

  private static void flush(List<WeightSpec> group, String device, Sink sink) throws IOException {
    if (group.isEmpty()) {
      return;
    }
    try (MaterializedWeights made = Materializer.run(group, device)) {
      for (WeightSpec w : group) {
        sink.begin(w);
        sink.part(w, 0, made.get(w));
        sink.end(w);
      }
    }
    group.clear();
  }

  private static long bytes(WeightSpec w) {
    return w.size() * w.dtype().byteSize();
  }
}
