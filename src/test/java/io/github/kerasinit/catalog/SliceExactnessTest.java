package io.github.kerasinit.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.random.Seed;
import io.github.kerasinit.random.SeedGenerator;
import io.github.kerasinit.tensor.TensorBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Slices equal the whole tensor's bytes at the slice, bit for bit: {@code callRange(a, b) == flatten(call())[a:b]}
 * and {@code callBox == call()[box]}, for every sliceable catalog class, every dtype it takes, unaligned starts, and
 * a seeded random table of shapes, seeds and slices. The whole tensor is the oracle: it is Keras' value (ParityTest
 * holds call() to Python's bytes), so slices inherit that parity.
 */
class SliceExactnessTest {
  private static EagerSession session;
  private static Ops tf;

  @BeforeAll
  static void open() {
    session = EagerSession.create();
    tf = Ops.create(session);
  }

  @AfterAll
  static void close() {
    session.close();
  }

  private static byte[] bytes(Operand<? extends TType> op) {
    return TensorBytes.of(op.asTensor());
  }

  private static byte[] flatSlice(byte[] whole, DType dtype, long start, long end) {
    return Arrays.copyOfRange(whole, (int) start * dtype.byteSize(), (int) end * dtype.byteSize());
  }

  private static void assertRange(KerasInitializer init, Shape shape, DType dtype, byte[] whole, long a, long b) {
    byte[] slice = bytes(init.callRange(tf, shape, dtype, a, b));
    assertArrayEquals(flatSlice(whole, dtype, a, b), slice,
        () -> init + " " + shape + " " + dtype + " slice [" + a + ", " + b + ")");
  }

  /** Each Philox draw kind in each dtype: every start within the first groups, and starts far into the tensor. */
  @Test
  void everyDrawKindAndDtypeFromEveryGroupOffset() {
    List<KerasInitializer> draws = List.of(new RandomUniform(Seed.of(7)), new RandomNormal(Seed.of(7)),
        new TruncatedNormal(Seed.of(7)), new VarianceScaling(1.0, VarianceScaling.Mode.FAN_IN,
            VarianceScaling.Distribution.TRUNCATED_NORMAL, Seed.of(-3)));
    Shape shape = Shape.of(37, 29); // 1073 elements: not a multiple of any group
    for (KerasInitializer init : draws) {
      for (DType dtype : List.of(DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64)) {
        byte[] whole = bytes(init.call(tf, shape, dtype));
        for (long a = 0; a < 9; a++) {
          assertRange(init, shape, dtype, whole, a, 1073);
          assertRange(init, shape, dtype, whole, a, a + 3);
        }
        for (long a : new long[] {256, 511, 1000, 1069, 1072, 1073}) {
          assertRange(init, shape, dtype, whole, a, 1073);
        }
      }
    }
  }

  @Test
  void integerUniformInBothWidths() {
    KerasInitializer init = new RandomUniform(-1000L, 1000000L, Seed.of(99));
    Shape shape = Shape.of(501);
    for (DType dtype : List.of(DType.INT32, DType.INT64)) {
      byte[] whole = bytes(init.call(tf, shape, dtype));
      for (long a = 0; a < 9; a++) {
        assertRange(init, shape, dtype, whole, a, 501);
        assertRange(init, shape, dtype, whole, a, a + 5);
      }
      assertRange(init, shape, dtype, whole, 333, 334);
    }
  }

  /** Truncated normal redraws; a large tensor crosses many redraws, and the counter jump is per group, not per redraw. */
  @Test
  void truncatedNormalFarIntoALargeTensor() {
    KerasInitializer init = new TruncatedNormal(0.0, 1.0, Seed.of(1234567));
    Shape shape = Shape.of(300, 1000);
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
      byte[] whole = bytes(init.call(tf, shape, dtype));
      for (long a : new long[] {1, 4097, 150_001, 299_998}) {
        assertRange(init, shape, dtype, whole, a, Math.min(300_000, a + 777));
      }
    }
  }

  /** Every sliceable class, rows and boxes; the rows concatenated are the whole tensor. */
  @Test
  void rowsAndBoxesOfEveryClass() {
    for (KerasInitializer init : sliceable()) {
      Shape shape = init instanceof Stft ? Shape.of(16, 3, 9) : init instanceof Identity ? Shape.of(11, 7)
          : Shape.of(6, 5, 7);
      DType dtype = DType.FLOAT32;
      Operand<? extends TType> wholeOp = init.call(tf, shape, dtype);
      long[] dims = wholeOp.shape().asArray();
      byte[] whole = bytes(wholeOp);
      long rowBytes = whole.length / dims[0];
      byte[] rows = bytes(init.callRows(tf, shape, dtype, 2, 5));
      assertArrayEquals(Arrays.copyOfRange(whole, (int) (2 * rowBytes), (int) (5 * rowBytes)), rows, init::toString);
      long[] boxShape = init.callRows(tf, shape, dtype, 2, 5).shape().asArray();
      assertEquals(3, boxShape[0]);
      if (dims.length == 3) {
        Operand<? extends TType> box = init.callBox(tf, shape, dtype, new long[] {1, 0}, new long[] {4, 1});
        assertArrayEquals(new long[] {3, 1, dims[2]}, box.shape().asArray());
        byte[] expected = new byte[0];
        for (int r = 1; r < 4; r++) {
          long from = (r * dims[1]) * dims[2] * dtype.byteSize();
          expected = concat(expected, Arrays.copyOfRange(whole, (int) from, (int) (from + dims[2] * dtype.byteSize())));
        }
        assertArrayEquals(expected, bytes(box), init::toString);
      }
    }
  }

  /** A seeded random table: classes, dtypes, shapes (rank 1-4), seeds, ranges and leading-axis boxes. */
  @Test
  void randomTableOfSlices() {
    Random random = new Random(20261202L);
    List<Function<Seed, KerasInitializer>> randoms = List.of(RandomUniform::new, RandomNormal::new,
        TruncatedNormal::new, GlorotUniform::new, GlorotNormal::new, HeNormal::new, HeUniform::new,
        LecunNormal::new, LecunUniform::new, s -> new VarianceScaling(2.5, VarianceScaling.Mode.FAN_AVG,
            VarianceScaling.Distribution.UNTRUNCATED_NORMAL, s));
    List<DType> floats = List.of(DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64);
    for (int c = 0; c < 250; c++) {
      int rank = 1 + random.nextInt(4);
      long[] dims = new long[rank];
      for (int i = 0; i < rank; i++) {
        dims[i] = 1 + random.nextInt(rank == 1 ? 3000 : rank == 2 ? 60 : 12);
      }
      Shape shape = Shape.of(dims);
      long seed = random.nextLong();
      KerasInitializer init;
      DType dtype;
      int pick = random.nextInt(randoms.size() + 3);
      if (pick < randoms.size()) {
        init = randoms.get(pick).apply(Seed.of(seed));
        dtype = floats.get(random.nextInt(floats.size()));
      } else if (pick == randoms.size()) {
        init = new RandomUniform(-(long) random.nextInt(50), 1L + random.nextInt(1 << 20), Seed.of(seed));
        dtype = random.nextBoolean() ? DType.INT32 : DType.INT64;
      } else if (pick == randoms.size() + 1) {
        init = new Constant(random.nextGaussian());
        dtype = DType.values()[random.nextInt(DType.values().length)];
      } else {
        init = new Ones();
        dtype = DType.values()[random.nextInt(DType.values().length)];
      }
      byte[] whole = bytes(init.call(tf, shape, dtype));
      long n = whole.length / dtype.byteSize();
      long a = (long) (random.nextDouble() * n);
      long b = a + (long) (random.nextDouble() * (n - a + 1));
      assertRange(init, shape, dtype, whole, a, b);
      long r0 = random.nextInt((int) dims[0]);
      long r1 = r0 + 1 + random.nextInt((int) (dims[0] - r0));
      long rowBytes = whole.length / dims[0];
      assertArrayEquals(Arrays.copyOfRange(whole, (int) (r0 * rowBytes), (int) (r1 * rowBytes)),
          bytes(init.callRows(tf, shape, dtype, r0, r1)), () -> init + " rows of " + shape);
    }
  }

  /** A non-scalar Constant broadcasts; Identity's diagonal; both in several dtypes, with unaligned ranges. */
  @Test
  void broadcastConstantAndIdentityInEveryDtype() {
    List<KerasInitializer> inits = List.of(new Constant(List.of(List.of(1.5), List.of(-2.25), List.of(3.0))),
        new Constant(List.of(1L, 2L, 3L, 4L, 5L)), new Identity(-2L), new Identity(), new Zeros());
    for (KerasInitializer init : inits) {
      for (DType dtype : List.of(DType.FLOAT16, DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL)) {
        if (init instanceof Identity && (dtype == DType.BOOL
            || dtype.isInteger() && ((Identity) init).gain() instanceof Double)) {
          continue; // Keras cannot make the gain a bool, nor 1.0 an int
        }
        Shape shape = init instanceof Identity ? Shape.of(9, 5) : Shape.of(4, 3, 5);
        byte[] whole = bytes(init.call(tf, shape, dtype));
        long n = whole.length / dtype.byteSize();
        for (long a : new long[] {0, 1, 7, n / 2}) {
          assertRange(init, shape, dtype, whole, a, n);
          assertRange(init, shape, dtype, whole, a, Math.min(n, a + 4));
        }
      }
    }
  }

  @Test
  void graphModeSlicesEqualEagerSlices() {
    KerasInitializer init = new GlorotNormal(Seed.of(5));
    Shape shape = Shape.of(40, 30);
    byte[] eager = bytes(init.callRange(tf, shape, DType.FLOAT32, 13, 1013));
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<? extends TType> op = init.callRange(Ops.create(g), shape, DType.FLOAT32, 13, 1013);
      try (Tensor t = s.runner().fetch(op).run().get(0)) {
        assertArrayEquals(eager, TensorBytes.of(t));
      }
    }
  }

  /** The whole shape may be far beyond memory; a slice of it is made alone. */
  @Test
  void aSliceOfATensorLargerThanMemory() {
    KerasInitializer init = new RandomNormal(Seed.of(3));
    Shape huge = Shape.of(50_000_000_000L, 1_000_000L);
    Operand<? extends TType> rows = init.callRows(tf, huge, DType.FLOAT32, 49_999_999_999L, 50_000_000_000L);
    assertArrayEquals(new long[] {1, 1_000_000}, rows.shape().asArray());
    // its first 1000 elements start at flat index (5e10 - 1) * 1e6, a multiple of 4: a fresh 1000-element range there
    byte[] head = bytes(init.callRange(tf, huge, DType.FLOAT32, 49_999_999_999_000_000L, 49_999_999_999_001_000L));
    assertArrayEquals(head, Arrays.copyOf(bytes(rows), 4000));
  }

  @Test
  void orthogonalAndSeedGeneratorsRefuseClearly() {
    KerasInitException e = assertThrows(KerasInitException.class,
        () -> new Orthogonal(Seed.of(1)).callRows(tf, Shape.of(8, 8), DType.FLOAT32, 0, 4));
    assertEquals("Orthogonal cannot make a slice of its value: Orthogonal's QR decomposition needs the whole matrix;"
        + " call it on the whole shape [8, 8]", e.getMessage());
    KerasInitializer generated = new RandomNormal(Seed.of(new SeedGenerator(3L, "seed_generator", PythonRandom.global())));
    assertFalse(generated.slicesSupported());
    assertTrue(assertThrows(KerasInitException.class,
        () -> generated.callRange(tf, Shape.of(8), DType.FLOAT32, 0, 4)).getMessage().contains("SeedGenerator"));
    KerasInitException range = assertThrows(KerasInitException.class,
        () -> new Zeros().callRange(tf, Shape.of(3, 4), DType.FLOAT32, 5, 13));
    assertEquals("slice [5, 13) of shape [3, 4]: allowed 0 <= start <= end <= 12 (the flattened element count)",
        range.getMessage());
  }

  private static List<KerasInitializer> sliceable() {
    List<KerasInitializer> all = new ArrayList<>(List.of(new Zeros(), new Ones(), new Constant(0.3),
        new Identity(2.0), new Stft(), new Stft("imag", null, null, true), new RandomUniform(Seed.of(1)),
        new RandomNormal(Seed.of(2)), new TruncatedNormal(Seed.of(3))));
    for (VarianceScaling.Preset p : VarianceScaling.Preset.values()) {
      all.add(p.create(Seed.of(p.ordinal()), null, null));
    }
    all.add(new VarianceScaling(Seed.of(11)));
    return all;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
