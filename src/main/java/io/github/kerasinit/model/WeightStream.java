package io.github.kerasinit.model;

import io.github.kerasinit.model.core.WeightSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.Tensor;

/**
 * Makes weights in order with native memory bounded by a chunk size, handing each to a sink as it is made and then
 * freeing it. Weights of at most a chunk are made together in equal groups of at most about {@link #GROUP_BYTES} (one
 * graph run each); a larger weight is made slice by slice, each slice of at most a chunk its own run
 * ({@link io.github.kerasinit.KerasInitializer#callRange}), so a weight larger than memory streams through. A weight
 * whose initializer cannot make slices (Orthogonal, a SeedGenerator seed, LSTM's concatenated forget bias) is made
 * whole whatever its size.
 *
 * <p>Where the weights are more than one chunk, the sink runs on a thread of its own, one group or slice behind the
 * making ({@link Handoff}): TensorFlow draws the next weights while the sink reads and writes the last ones (llm_7b to
 * one .safetensors file 51-56 s -> 46-50 s), and at most two groups or slices are in native memory at once. Weights
 * of at most a chunk are handed over on the caller's thread: there the second thread gained nothing (ResNet50's
 * table) and held both groups at once (ResNet50 to .npz: 26 MB more peak RSS).
 */
public final class WeightStream {
  /** The default chunk: a quarter of a GiB, so that the peak stays well under 1 GiB beyond the JVM and TF runtime. */
  public static final long DEFAULT_CHUNK_BYTES = 256L << 20;
  /**
   * Small weights are made in groups of at most about this many bytes (a graph run has a fixed cost), as few groups as
   * that allows, of equal size ({@link #balancedGroupBytes}).
   */
  public static final long GROUP_BYTES = 64L << 20;

  /**
   * Receives the weights in order: begin, one or more consecutive parts (valid until the call returns) or, for a
   * fill it does not read ({@link #readsFilled}), {@link #filled}, then end; all on one thread (the caller's where
   * the weights fit in one chunk), finished when {@code run} returns or throws.
   */
  public interface Sink {
    void begin(WeightSpec weight) throws IOException;

    void part(WeightSpec weight, long startElement, Tensor part) throws IOException;

    void end(WeightSpec weight) throws IOException;

    /**
     * Whether this sink reads the bytes of {@code weight}, a weight of a group whose every element is one value
     * ({@link io.github.kerasinit.model.core.WeightInit#fillValue()}: Zeros, Ones). Where it does not, no tensor is
     * made for it and the sink gets begin, {@link #filled}, end (ResNet50's 266 fills, made only for the table's
     * statistics, were about 6 ms of every run).
     */
    default boolean readsFilled(WeightSpec weight) {
      return true;
    }

    /** A fill that {@link #readsFilled} declined: every one of {@code weight}'s elements is {@code value}. */
    default void filled(WeightSpec weight, double value) throws IOException {
      throw new IllegalStateException("this sink reads the bytes of " + weight.path());
    }
  }

  private WeightStream() {}

  /**
   * Streams {@code weights} into {@code sink}.
   *
   * @param chunkBytes the most bytes of one slice (rounded down to whole Philox groups of 4 elements)
   * @param device as {@link KerasModel#materialize(String)}: a device for every op, or null
   */
  public static void run(List<WeightSpec> weights, long chunkBytes, String device, Sink sink) throws IOException {
    List<WeightSpec> group = new ArrayList<>();
    long bytes = 0;
    long total = 0;
    long grouped = 0;
    for (WeightSpec w : weights) {
      total += bytes(w);
      grouped += sliced(w, chunkBytes) ? 0 : bytes(w);
    }
    long groupBytes = balancedGroupBytes(grouped, Math.min(GROUP_BYTES, chunkBytes));
    try (Handoff handoff = new Handoff(sink, total > chunkBytes)) {
      for (WeightSpec w : weights) {
        long size = bytes(w);
        if (sliced(w, chunkBytes)) {
          flush(group, device, handoff);
          bytes = 0;
          range(w, 0, w.size(), chunkBytes, device, handoff);
          continue;
        }
        group.add(w);
        bytes += size;
        if (bytes >= groupBytes) {
          flush(group, device, handoff);
          bytes = 0;
        }
      }
      flush(group, device, handoff);
      handoff.finish();
    }
  }

  /**
   * The bytes that close a group: as many groups as groups of {@code most} bytes would make, of equal size
   * (ResNet50's 98 MiB: two of 49 instead of 64 and 34). Each run's tensors come from TF's pool, which keeps the memory
   * of its largest group, and the first group is built and run cold: a smaller first group faults in less fresh memory
   * and moves work to the warm second run (ResNet50's table, 50 paired rounds twice: -9.4 +- 4.3 and -15.6 +- 4.7 ms,
   * peak RSS 359 -> 341 MiB; three groups or one gained nothing). At least 1, so that empty weights share a group.
   */
  static long balancedGroupBytes(long grouped, long most) {
    long groups = Math.max(1, (grouped + most - 1) / most);
    return Math.max(1, (grouped + groups - 1) / groups);
  }

  /** Whether {@code w} is made slice by slice, outside any group: larger than a chunk, and its init can. */
  private static boolean sliced(WeightSpec w, long chunkBytes) {
    return bytes(w) > chunkBytes && w.init().sliceable();
  }

  /** The elements of one slice for a chunk: a multiple of 4 (a Philox group in every dtype), at least 4. */
  public static long sliceElements(WeightSpec w, long chunkBytes) {
    return Math.max(4, chunkBytes / w.dtype().byteSize() / 4 * 4);
  }

  /**
   * Streams elements {@code [from, to)} of one weight whose init is {@link
   * io.github.kerasinit.model.core.WeightInit#sliceable()}, in slices of at most a chunk: begin, parts, end (the
   * parts' start elements are absolute). A sharded job gives each task such a range of a weight too big for one.
   */
  public static void runRange(WeightSpec w, long from, long to, long chunkBytes, String device, Sink sink)
      throws IOException {
    try (Handoff handoff = new Handoff(sink, (to - from) * w.dtype().byteSize() > chunkBytes)) {
      range(w, from, to, chunkBytes, device, handoff);
      handoff.finish();
    }
  }

  private static void range(WeightSpec w, long from, long to, long chunkBytes, String device, Handoff handoff)
      throws IOException {
    long step = sliceElements(w, chunkBytes);
    if (from >= to) {
      handoff.deliver(() -> {}, sink -> {
        sink.begin(w);
        sink.end(w);
      });
      return;
    }
    for (long start = from; start < to; start += step) {
      long first = start;
      long end = Math.min(to, start + step);
      Tensor part = Materializer.runRange(w, start, end, device);
      handoff.deliver(part::close, sink -> {
        if (first == from) {
          sink.begin(w);
        }
        sink.part(w, first, part);
        if (end == to) {
          sink.end(w);
        }
      });
    }
  }

  private static void flush(List<WeightSpec> group, String device, Handoff handoff) throws IOException {
    if (group.isEmpty()) {
      return;
    }
    List<WeightSpec> made = List.copyOf(group);
    group.clear();
    Set<WeightSpec> declined = Collections.newSetFromMap(new IdentityHashMap<>()); // fills made without a tensor
    List<WeightSpec> withBytes = new ArrayList<>();
    for (WeightSpec w : made) {
      if (w.init().fillValue().isPresent() && !handoff.sink.readsFilled(w)) {
        declined.add(w);
      } else {
        withBytes.add(w);
      }
    }
    MaterializedWeights values = withBytes.isEmpty() ? null : Materializer.run(withBytes, device);
    handoff.deliver(values == null ? () -> { } : values::close, sink -> {
      for (WeightSpec w : made) {
        sink.begin(w);
        if (declined.contains(w)) {
          sink.filled(w, w.init().fillValue().getAsDouble());
        } else {
          sink.part(w, 0, values.get(w));
        }
        sink.end(w);
      }
    });
  }

  private static long bytes(WeightSpec w) {
    return w.size() * w.dtype().byteSize();
  }

  /** What the sink does with one group or slice. */
  private interface Delivery {
    void to(Sink sink) throws IOException;
  }

  /**
   * The sink's thread, or the caller's where {@code async} is false: each group or slice is delivered once the one
   * before has been consumed, and freed by the sink's thread when its sink calls end. A failure there is thrown by
   * the next {@link #deliver} or {@link #finish}; closing waits for the last delivery whatever happened, so that
   * nothing touches the sink after {@code run} ends.
   */
  private static final class Handoff implements AutoCloseable {
    private final Sink sink;
    private final ExecutorService thread;
    private Future<?> pending;

    Handoff(Sink sink, boolean async) {
      this.sink = sink;
      this.thread = async ? Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keras-init weight sink");
        t.setDaemon(true);
        return t;
      }) : null;
    }

    /** Waits for the sink to finish the last delivery, then gives it this one; {@code free} runs after it. */
    void deliver(Runnable free, Delivery delivery) throws IOException {
      if (thread == null) {
        try {
          delivery.to(sink);
        } finally {
          free.run();
        }
        return;
      }
      try {
        finish();
      } catch (IOException | RuntimeException | Error e) {
        free.run();
        throw e;
      }
      pending = thread.submit(() -> {
        try {
          delivery.to(sink);
        } finally {
          free.run();
        }
        return null;
      });
    }

    /** Waits for the last delivery; throws what it threw. */
    void finish() throws IOException {
      if (pending == null) {
        return;
      }
      try {
        pending.get();
        pending = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // pending stays: close still waits for it
        throw new IOException("interrupted while the weights were written", e);
      } catch (ExecutionException e) {
        pending = null;
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        } else if (cause instanceof RuntimeException runtime) {
          throw runtime;
        } else if (cause instanceof Error error) {
          throw error;
        }
        throw new IOException(cause.getMessage(), cause);
      }
    }

    /** After a failure here, the sink's last delivery still ends (its own failure, if any, is dropped) before this. */
    @Override
    public void close() {
      boolean interrupted = false;
      while (pending != null) {
        try {
          pending.get();
          pending = null;
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: the sink must not outlive run
        } catch (ExecutionException e) {
          pending = null;
        }
      }
      if (thread != null) {
        thread.shutdown();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
