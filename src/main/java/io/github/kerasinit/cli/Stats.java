package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * The table's mean and standard deviation of one weight, in double, over its parts as they stream: each chunk of
 * about {@link TensorBytes#CHUNK_BYTES} gets its own mean and sum of squared deviations, and chunks merge as Chan et
 * al. do. Equal to the whole tensor's two-pass values up to rounding, with no copy of the weight on the Java heap.
 *
 * <p>float32, nearly every weight, is read in place from the tensor's native memory ({@link NativeFloats}) and summed
 * in one shifted pass into four independent accumulators: one running double is a chain of dependent additions (4
 * cycles each). Measured with the launcher's C1 compiler on an earlier machine: two passes through one accumulator
 * 2.2 ns per element, two passes through four 1.1 ns, one 0.55 ns (after a copy to a Java array, which reading in
 * place saves: 1.29-1.35 -> 0.89-0.97 ns on this stop's machine); drawing a uniform value costs TensorFlow about 4 ns.
 * A part of several chunks is summed on two threads where there are two cores (beside TensorFlow drawing the next
 * weights), odd chunks on a helper, and the chunks merged in order: the same bits as one thread.
 */
final class Stats {
  /** Elements per float32 chunk: the bytes of {@link TensorBytes#CHUNK_BYTES}. */
  static final int FLOAT_CHUNK = TensorBytes.CHUNK_BYTES / Float.BYTES;

  /** Threads that sum a weight's chunks: two where there is a second core. */
  private static final int SUMMING_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());
  private static ExecutorService helper;

  private long count;
  private double mean;
  private double m2;
  /** Whether a NaN, a +inf or a -inf was added: the statistics are then numpy's (mean inf, -inf or NaN; std NaN). */
  private boolean nan;
  private boolean posInf;
  private boolean negInf;

  /**
   * Adds a part of the weight (the next elements in order): a tensor's native buffer, or a slice of one, which the
   * caller keeps open until this returns.
   */
  void add(DType dtype, ByteDataBuffer part) {
    long address = dtype == DType.FLOAT32 ? NativeFloats.address(part) : -1;
    if (address >= 0) {
      addFloat32(address, part.size() / Float.BYTES);
    } else { // other dtypes, and float32 in a Java array's buffer (never a tensor's)
      TensorBytes.forEachChunk(part, TensorBytes.CHUNK_BYTES, (chunk, length) -> addDecoded(dtype, chunk, length));
    }
  }

  /**
   * Adds {@code n} float32 elements that are all the finite {@code value} (a Zeros or Ones weight, whose tensor is
   * then not made): the same bits as {@link #add} over such a tensor, chunk by chunk.
   */
  void addFilledFloat32(float value, long n) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("not finite: " + value);
    }
    for (long start = 0; start < n; start += FLOAT_CHUNK) {
      int length = (int) Math.min(FLOAT_CHUNK, n - start);
      ChunkMoments m = chunk(length, value, 0.0, 0.0); // every x - k is +0.0: sums of 0.0
      merge(m.count, m.mean, m.m2);
    }
  }

  /** {mean, std} of everything added; {0, 0} for no elements. */
  double[] meanStd() {
    if (nan || posInf || negInf) { // np.mean: the sum's; np.std: NaN (x - mean is inf - inf somewhere)
      return new double[] {nan || posInf && negInf ? Double.NaN : posInf ? Double.POSITIVE_INFINITY
          : Double.NEGATIVE_INFINITY, Double.NaN};
    }
    return count == 0 ? new double[] {0, 0} : new double[] {mean, Math.sqrt(m2 / count)};
  }

  /** {@code n} float32 values at {@code address} (from {@link NativeFloats#address}). */
  private void addFloat32(long address, long n) {
    int chunks = (int) ((n + FLOAT_CHUNK - 1) / FLOAT_CHUNK);
    if (chunks < 2 || SUMMING_THREADS == 1) {
      for (int c = 0; c < chunks; c++) {
        ChunkMoments m = chunkMoments(address, n, c);
        mergeFloat32(m, address, n, c);
      }
      return;
    }
    // the odd chunks on the helper thread, the even ones here, merged in order: the same bits as one thread
    ChunkMoments[] moments = new ChunkMoments[chunks];
    Future<?> odd = helper().submit(() -> {
      for (int c = 1; c < chunks; c += 2) {
        moments[c] = chunkMoments(address, n, c);
      }
    });
    for (int c = 0; c < chunks; c += 2) {
      moments[c] = chunkMoments(address, n, c);
    }
    try {
      odd.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while summing a weight's statistics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the statistics' helper thread failed", e.getCause());
    }
    for (int c = 0; c < chunks; c++) {
      mergeFloat32(moments[c], address, n, c);
    }
  }

  /**
   * Merges chunk {@code c}'s moments; a chunk whose sums are not finite (an inf or a NaN among its values, rare) is
   * read once more to tell which.
   */
  private void mergeFloat32(ChunkMoments m, long address, long n, int c) {
    if (Double.isFinite(m.mean) && Double.isFinite(m.m2)) {
      merge(m.count, m.mean, m.m2);
      return;
    }
    long start = address + (long) c * FLOAT_CHUNK * Float.BYTES;
    boolean found = false;
    for (long i = 0; i < m.count; i++) {
      found |= noteNonFinite(NativeFloats.at(start + i * Float.BYTES));
    }
    if (found) {
      count += m.count;
    } else {
      merge(m.count, m.mean, m.m2); // finite values whose squares overflowed a double: infinite, as they are
    }
  }

  /** Notes {@code x} if it is a NaN or an inf; whether it was. */
  private boolean noteNonFinite(double x) {
    nan |= Double.isNaN(x);
    posInf |= x == Double.POSITIVE_INFINITY;
    negInf |= x == Double.NEGATIVE_INFINITY;
    return !Double.isFinite(x);
  }

  /** The moments of chunk {@code c} of the {@code n} floats at {@code address}. */
  private static ChunkMoments chunkMoments(long address, long n, int c) {
    long offset = (long) c * FLOAT_CHUNK;
    return moments(address + offset * Float.BYTES, (int) Math.min(FLOAT_CHUNK, n - offset));
  }

  /** Any other dtype (rare, small weights): element by element through {@link TensorBytes#doubleAt}. */
  private void addDecoded(DType dtype, byte[] chunk, int length) {
    int n = length / dtype.byteSize();
    if (n == 0) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(chunk, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += TensorBytes.doubleAt(dtype, b, i);
    }
    double chunkMean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = TensorBytes.doubleAt(dtype, b, i) - chunkMean;
      squares += d * d;
    }
    boolean found = false;
    if (!Double.isFinite(chunkMean) || !Double.isFinite(squares)) {
      for (int i = 0; i < n; i++) {
        found |= noteNonFinite(TensorBytes.doubleAt(dtype, b, i));
      }
    }
    if (found) {
      count += n;
    } else {
      merge(n, chunkMean, squares);
    }
  }

  /** Chan et al.'s merge of a chunk's count, mean and sum of squared deviations into the running ones. */
  private void merge(long n, double chunkMean, double chunkM2) {
    long total = count + n;
    double delta = chunkMean - mean;
    mean += delta * n / total;
    m2 += chunkM2 + delta * delta * ((double) count * n / total);
    count = total;
  }

  /** A chunk's count, mean and sum of squared deviations. */
  private record ChunkMoments(long count, double mean, double m2) {}

  /**
   * One pass over a chunk of {@code length} floats at {@code address}: sums of {@code d = x - k} and {@code d * d}
   * with {@code k} its first value, so that the squares stay small whatever the mean (no cancellation), in four
   * independent accumulators each. The mean is {@code k + sum(d) / n} and the sum of squared deviations
   * {@code sum(d * d) - sum(d)^2 / n}.
   */
  private static ChunkMoments moments(long address, int length) {
    double k = NativeFloats.at(address);
    double a0 = 0;
    double a1 = 0;
    double a2 = 0;
    double a3 = 0;
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    long p = address;
    long fours = address + (long) (length & ~3) * Float.BYTES;
    long end = address + (long) length * Float.BYTES;
    for (; p < fours; p += 4 * Float.BYTES) {
      double d0 = NativeFloats.at(p) - k;
      double d1 = NativeFloats.at(p + 4) - k;
      double d2 = NativeFloats.at(p + 8) - k;
      double d3 = NativeFloats.at(p + 12) - k;
      a0 += d0;
      a1 += d1;
      a2 += d2;
      a3 += d3;
      q0 = Math.fma(d0, d0, q0);
      q1 = Math.fma(d1, d1, q1);
      q2 = Math.fma(d2, d2, q2);
      q3 = Math.fma(d3, d3, q3);
    }
    for (; p < end; p += Float.BYTES) {
      double d = NativeFloats.at(p) - k;
      a0 += d;
      q0 = Math.fma(d, d, q0);
    }
    return chunk(length, k, (a0 + a1) + (a2 + a3), (q0 + q1) + (q2 + q3));
  }

  /** A chunk's moments from its shifted sums: {@code sum} of {@code x - k} and {@code squares} of them. */
  private static ChunkMoments chunk(int length, double k, double sum, double squares) {
    return new ChunkMoments(length, k + sum / length, Math.max(0, squares - sum * sum / length));
  }

  /** The one helper thread (a daemon), made on first use. */
  private static synchronized ExecutorService helper() {
    if (helper == null) {
      helper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keras-init statistics");
        t.setDaemon(true);
        return t;
      });
    }
    return helper;
  }
}
