package io.github.kerasinit.io;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.TensorBytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Two weights files compared key by key ({@link StoredWeights}): for each key, whether both have it, their dtypes
 * and shapes, the largest absolute difference of the values and whether the bytes are equal.
 */
public final class WeightsDiff {
  /** One key's comparison. */
  public static final class Row {
    public final String key;
    public final StoredWeights.Entry a;
    public final StoredWeights.Entry b;
    /** NaN where the values cannot be compared (a side missing, other shapes) or a NaN meets a number. */
    public final double maxAbsDifference;
    public final boolean bitEqual;

    Row(String key, StoredWeights.Entry a, StoredWeights.Entry b, double maxAbsDifference, boolean bitEqual) {
      this.key = key;
      this.a = a;
      this.b = b;
      this.maxAbsDifference = maxAbsDifference;
      this.bitEqual = bitEqual;
    }

    /** "bit-equal", "values differ", "dtype differs", "shape differs", "only in A", "only in B". */
    public String verdict() {
      if (a == null) {
        return "only in B";
      }
      if (b == null) {
        return "only in A";
      }
      if (!Arrays.equals(a.shape(), b.shape())) {
        return "shape differs";
      }
      if (!sameDtype(a.dtype(), b.dtype())) {
        return "dtype differs";
      }
      return bitEqual ? "bit-equal" : "values differ";
    }
  }

  private final List<Row> rows;

  private WeightsDiff(List<Row> rows) {
    this.rows = rows;
  }

  public List<Row> rows() {
    return rows;
  }

  /** Whether both files hold the same keys with the same dtypes, shapes and bytes. */
  public boolean identical() {
    return rows.stream().allMatch(r -> r.verdict().equals("bit-equal"));
  }

  public long count(String verdict) {
    return rows.stream().filter(r -> r.verdict().equals(verdict)).count();
  }

  /** Compares every key of either file, in A's order then B's others. */
  public static WeightsDiff compare(StoredWeights a, StoredWeights b) {
    Set<String> keys = new LinkedHashSet<>(a.entries().keySet());
    keys.addAll(b.entries().keySet());
    List<Row> rows = new ArrayList<>();
    for (String key : keys) {
      StoredWeights.Entry x = a.entries().get(key);
      StoredWeights.Entry y = b.entries().get(key);
      if (x == null || y == null || !Arrays.equals(x.shape(), y.shape())) {
        rows.add(new Row(key, x, y, Double.NaN, false));
        continue;
      }
      ByteBuffer bx = x.data();
      ByteBuffer by = y.data();
      boolean bitEqual = sameDtype(x.dtype(), y.dtype()) && bx.equals(by);
      rows.add(new Row(key, x, y, bitEqual ? 0.0 : maxAbsDifference(x, y), bitEqual));
    }
    return new WeightsDiff(rows);
  }

  /** bfloat16 is stored by numpy as its uint16 bits (a .npz) and by h5py as 2-byte opaque data: the same bytes. */
  static boolean sameDtype(DType a, DType b) {
    return a == b || a.byteSize() == 2 && b.byteSize() == 2 && (a == DType.BFLOAT16 || b == DType.BFLOAT16)
        && (a == DType.UINT16 || b == DType.UINT16);
  }

  private static double maxAbsDifference(StoredWeights.Entry x, StoredWeights.Entry y) {
    DType dx = x.dtype() == DType.UINT16 && y.dtype() == DType.BFLOAT16 ? DType.BFLOAT16 : x.dtype();
    DType dy = y.dtype() == DType.UINT16 && x.dtype() == DType.BFLOAT16 ? DType.BFLOAT16 : y.dtype();
    ByteBuffer bx = x.data();
    ByteBuffer by = y.data();
    long n = 1;
    for (long d : x.shape()) {
      n *= d;
    }
    double max = 0;
    for (int i = 0; i < n; i++) {
      double u = TensorBytes.doubleAt(dx, bx, i);
      double v = TensorBytes.doubleAt(dy, by, i);
      if (Double.isNaN(u) || Double.isNaN(v)) {
        if (Double.isNaN(u) != Double.isNaN(v)) {
          return Double.NaN;
        }
        continue;
      }
      max = Math.max(max, Math.abs(u - v));
    }
    return max;
  }
}
