package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.FloatConstants;
import io.github.kerasinit.tensor.HalfPrecision;
import io.github.kerasinit.tensor.NdValue;
import io.github.kerasinit.tensor.Operands;
import io.github.kerasinit.tensor.PrivateEager;
import io.github.kerasinit.tensor.TfScalars;
import io.github.kerasinit.window.ScipyWindows;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.STFT(side="real", window="hann", scaling="density", periodic=False)}: convolution
 * kernels of a short-time Fourier transform. Aliases {@code stft}, {@code STFTInitializer}.
 *
 * <p>For a shape {@code (T, C, F)} the result has shape {@code (T, 1, F)} (Keras ignores C):
 * {@code cos} (side "real") or {@code sin} (side "imag") of {@code -2·t·(f / (2(F-1)))·π}, times the window over
 * {@code t} divided by the window's L2 norm ("density"), L1 norm ("spectrum") or 1 (null). The window is a scipy
 * window name (see {@link ScipyWindows}), an explicit list of T values, or null for none; {@code periodic} picks
 * scipy's periodic window. All arithmetic runs in the requested float dtype with Keras' ops, so float16 and bfloat16
 * results carry Keras' rounding (and its quirks: F = 1 divides by zero and gives NaN; a bfloat16 {@code range}
 * stops counting exactly above 256, which Keras reports as a reshape error).
 */
public final class Stft extends AbstractInitializer {
  private final String side;
  private final Object window; // String, List<Number>, or null
  private final String scaling; // "density", "spectrum" or null
  private final boolean periodic;

  public static final String DEFAULT_SIDE = "real";
  public static final String DEFAULT_WINDOW = "hann";
  public static final String DEFAULT_SCALING = "density";
  public static final boolean DEFAULT_PERIODIC = false;

  /** Keras' defaults: real, hann, density, not periodic. */
  public Stft() {
    this(DEFAULT_SIDE, DEFAULT_WINDOW, DEFAULT_SCALING, DEFAULT_PERIODIC);
  }

  /** From a Keras config: {@code side}, {@code window}, {@code scaling}, {@code periodic}. */
  public static Stft fromConfig(InitializerConfig config) {
    String side = config.string("side", DEFAULT_SIDE, false);
    Object window = config.raw("window", DEFAULT_WINDOW);
    String scaling = config.string("scaling", DEFAULT_SCALING, true);
    boolean periodic = config.bool("periodic", DEFAULT_PERIODIC);
    config.finish();
    return new Stft(side, window, scaling, periodic);
  }

  /**
   * @param side "real" or "imag"
   * @param window a scipy window name, a {@code List<Number>} of T values, or null
   * @param scaling "density", "spectrum" or null
   */
  public Stft(String side, Object window, String scaling, boolean periodic) {
    if (!"real".equals(side) && !"imag".equals(side)) {
      throw KerasInitException.badArgument("STFT", "side", side, "allowed: \"real\", \"imag\"");
    }
    if (window instanceof String) {
      ScipyWindows.validate((String) window);
    } else if (window instanceof List) {
      NdValue.ofPython(window, "STFT `window`"); // numbers only
    } else if (window != null) {
      throw KerasInitException.badArgument("STFT", "window", window,
          "allowed: a scipy window name, a list of numbers, or null");
    }
    if (scaling != null && !"density".equals(scaling) && !"spectrum".equals(scaling)) {
      throw KerasInitException.badArgument("STFT", "scaling", scaling, "allowed: \"density\", \"spectrum\", null");
    }
    this.side = side;
    this.window = window instanceof List ? List.copyOf((List<?>) window) : window;
    this.scaling = scaling;
    this.periodic = periodic;
  }

  @Override
  public String className() {
    return "STFT";
  }

  /** Window functions (cos, exp, sums) and TF's cos/sin kernels round differently on different CPUs and devices. */
  @Override
  public boolean cpuDependent() {
    return true;
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    validateShapeAndDtype(shape, dtype);
    if (tf.scope().env().isEager()) {
      return kernel(tf, shape, dtype);
    }
    // In a graph, constant folding would run Eigen's vectorized sin/cos over differently split blocks and change
    // last bits; the values are fixed by config and shape, so compute them as Keras does (eagerly) and embed them.
    try (TType values = PrivateEager.evaluate(eager -> kernel(eager, shape, dtype))) {
      return tf.constantOf(values);
    }
  }

  /** Keras' STFT result is {@code (T, 1, F)} for a requested {@code (T, C, F)}. */
  @Override
  public Shape resultShape(Shape shape) {
    long[] dims = shape.asArray();
    return dims.length == 3 ? Shape.of(dims[0], 1, dims[2]) : shape;
  }

  @Override
  public boolean slicesSupported() {
    return true;
  }

  /**
   * The whole kernel, then the slice: its size is {@code T * F} whatever C is, and computing the cos/sin over a
   * sub-range would let Eigen's vectorized kernels split the work differently and change last bits.
   */
  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    Operand<TType> whole = Operands.typed(build(tf, shape, dtype));
    Operand<TType> flat = tf.reshape(whole, tf.constant(new long[] {-1}));
    return tf.slice(flat, tf.constant(new long[] {start}), tf.constant(new long[] {end - start}));
  }

  private static void validateShapeAndDtype(Shape shape, DType dtype) {
    long[] dims = shape.asArray();
    if (dims.length != 3) {
      throw new KerasInitException("STFT: the shape must be (frame_length, input_channels, fft_length), rank 3;"
          + " got " + Arrays.toString(dims) + " of rank " + dims.length);
    }
    if (!dtype.isFloating()) {
      throw new KerasInitException("STFT: dtype " + dtype + " is not supported; allowed: float16, bfloat16, float32,"
          + " float64 (Keras returns a float32 tensor for integer dtypes, which a typed call cannot)");
    }
  }

  private Operand<TNumber> kernel(Ops tf, Shape shape, DType dtype) {
    long[] dims = shape.asArray();
    long frameLength = dims[0];
    long fftLength = dims[2];
    Operand<TNumber> win = null;
    Operand<TNumber> scale = null;
    if (window != null) {
      win = windowTensor(tf, frameLength, dtype);
      win = tf.reshape(win, tf.constant(new long[] {frameLength, 1, 1}));
      Operand<TNumber> allAxes = Operands.typed(tf.constant(new int[] {0, 1, 2}));
      if ("density".equals(scaling)) {
        scale = tf.math.sqrt(tf.sum(tf.math.square(win), allAxes));
      } else if ("spectrum".equals(scaling)) {
        scale = tf.sum(tf.math.abs(win), allAxes);
      } else {
        scale = Operands.typed(TfScalars.convertToTensor(tf, 1L, dtype, "STFT scaling"));
      }
    }
    long fft = (fftLength - 1) * 2;
    Operand<TNumber> freq = tf.math.realDiv(arange(tf, fftLength, dtype, new long[] {1, 1, fftLength}),
        Operands.typed(TfScalars.convertToTensor(tf, fft, dtype, "STFT")));
    Operand<TNumber> time = arange(tf, frameLength, dtype, new long[] {frameLength, 1, 1});
    Operand<TNumber> minusTwo = Operands.typed(TfScalars.convertToTensor(tf, -2L, dtype, "STFT"));
    Operand<TNumber> pi = tf.math.acos(Operands.typed(TfScalars.cast(tf, -1L, dtype, "STFT")));
    Operand<TNumber> args = tf.math.mul(tf.math.mul(tf.math.mul(minusTwo, time), freq), pi);
    Operand<TNumber> kernel = "real".equals(side) ? tf.math.cos(args) : tf.math.sin(args);
    if (win != null) {
      kernel = tf.math.realDiv(tf.math.mul(kernel, win), scale);
    }
    return kernel;
  }

  /**
   * {@code reshape(ops.arange(n, dtype=dtype), newShape)}. TF's Range kernel computes, in the dtype itself,
   * {@code size = ceil((limit - start) / delta)} and {@code start + T(i) * delta}: with start 0 and delta 1 that is
   * {@code T(n)} values {@code T(i)}, so a bfloat16 range of 257 has 256 values (and Keras' reshape fails) and
   * values past 256 repeat. We build those exact values as a constant (TF-Java's graph shape inference refuses a
   * float16 Range).
   */
  private static Operand<TNumber> arange(Ops tf, long n, DType dtype, long[] newShape) {
    long size = (long) FloatConstants.round(n, dtype);
    if (size != n) {
      throw new KerasInitException("STFT: a " + dtype + " range cannot count to " + n + " (Keras' ops.arange in "
          + dtype + " yields " + size + " values and its reshape to " + Arrays.toString(newShape) + " fails);"
          + " use float32 or float64");
    }
    double[] values = new double[(int) size];
    for (int i = 0; i < values.length; i++) {
      values[i] = FloatConstants.round(i, dtype);
    }
    return Operands.typed(FloatConstants.exact(tf, dtype, newShape, values));
  }

  /**
   * {@code convert_to_tensor(win, dtype)}: a scipy window is a numpy float64 array, which TF converts with numpy's
   * {@code astype} (float16 rounds once, directly; bfloat16 goes through float32); a list of Python floats goes
   * through float32 like any Python float.
   */
  private Operand<TNumber> windowTensor(Ops tf, long frameLength, DType dtype) {
    if (window instanceof String) {
      double[] w = ScipyWindows.get((String) window, frameLength, periodic);
      return Operands.typed(numpyFloat64ToTensor(tf, w, dtype));
    }
    List<?> values = (List<?>) window;
    if (values.size() != frameLength) {
      throw new KerasInitException("STFT: the window must have frame_length = " + frameLength + " values; got "
          + values.size() + " (Keras: The shape of `window` must be equal to [frame_length])");
    }
    NdValue v = NdValue.ofPython(values, "STFT `window`");
    if (v.shape().length != 1) {
      throw new KerasInitException("STFT: the window must be a flat list of " + frameLength + " numbers");
    }
    return Operands.typed(TfScalars.castIfNeeded(tf, pythonListToTensor(tf, v, dtype), dtype));
  }

  private static Operand<? extends TType> numpyFloat64ToTensor(Ops tf, double[] w, DType dtype) {
    Shape s = Shape.of(w.length);
    switch (dtype) {
      case FLOAT64:
        return tf.constant(s, DataBuffers.of(w, true, false));
      case FLOAT16:
        try (TFloat16 half = HalfPrecision.float16Tensor(w)) {
          return tf.constantOf(half);
        }
      default: {
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) {
          f[i] = (float) w[i];
        }
        return TfScalars.castIfNeeded(tf, tf.constant(s, DataBuffers.of(f, true, false)), dtype);
      }
    }
  }

  /** {@code tf.convert_to_tensor(list, dtype)}: Python floats reach float16/bfloat16 through float32. */
  private static Operand<? extends TType> pythonListToTensor(Ops tf, NdValue v, DType dtype) {
    double[] d = new double[v.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = v.doubleAt(i);
    }
    Shape s = Shape.of(d.length);
    if (dtype == DType.FLOAT64) {
      return tf.constant(s, DataBuffers.of(d, true, false));
    }
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return tf.constant(s, DataBuffers.of(f, true, false));
  }

  @Override
  protected void putConfig(Map<String, Object> config) {
    config.put("side", side);
    config.put("window", window);
    config.put("periodic", periodic);
    config.put("scaling", scaling);
  }
}
