package io.github.kerasinit.window;

import io.github.kerasinit.KerasInitException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * {@code scipy.signal.get_window(name, Nx, fftbins)} for every window scipy 1.17 builds without parameters, in the
 * same float64 arithmetic as scipy: the same operations in the same order (Java and numpy both round each
 * {@code + - * /} to nearest), {@code cos}/{@code sin} through the C library as numpy does ({@link Libm}).
 *
 * <p>{@code fftbins=true} is a periodic window ({@code sym=False}: one point longer, last point dropped); names
 * may end in {@code _periodic} or {@code _symmetric} to choose. Windows that need parameters (kaiser, gaussian,
 * chebwin, dpss, general_*) are refused, as scipy refuses them without parameters.
 *
 * <p>Exactness: windows made of arithmetic, cos and sin are bit-exact with scipy. numpy evaluates float64
 * {@code exp} and {@code power} with its own vectorized kernels on AVX-512 machines, so the exponential, parzen and
 * taylor windows can differ from scipy in the last bit of a float64 (not of a float32); see the README.
 */
public final class ScipyWindows {
  private static final Map<String, BiFunction<Integer, Boolean, double[]>> WINDOWS = new LinkedHashMap<>();
  private static final Map<String, String> NEEDS_PARAMETERS = new LinkedHashMap<>();

  static {
    register(ScipyWindows::barthann, "barthann", "brthan", "bth");
    register(ScipyWindows::bartlett, "bartlett", "bart", "brt");
    register((m, s) -> generalCosine(m, s, 0.42, 0.50, 0.08), "blackman", "black", "blk");
    register((m, s) -> generalCosine(m, s, 0.35875, 0.48829, 0.14128, 0.01168), "blackmanharris", "blackharr",
        "bkh");
    register(ScipyWindows::bohman, "bohman", "bman", "bmn");
    register(ScipyWindows::boxcar, "boxcar", "box", "ones", "rect", "rectangular");
    register(ScipyWindows::cosine, "cosine", "halfcosine");
    register(ScipyWindows::exponential, "exponential", "poisson");
    register((m, s) -> generalCosine(m, s, 0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368),
        "flattop", "flat", "flt");
    register((m, s) -> generalHamming(m, s, 0.54), "hamming", "hamm", "ham");
    register((m, s) -> generalHamming(m, s, 0.5), "hann", "han");
    register(ScipyWindows::lanczos, "lanczos", "sinc");
    register((m, s) -> generalCosine(m, s, 0.3635819, 0.4891775, 0.1365995, 0.0106411), "nuttall", "nutl", "nut");
    register(ScipyWindows::parzen, "parzen", "parz", "par");
    register(ScipyWindows::taylor, "taylor", "taylorwin");
    register(ScipyWindows::triang, "triangle", "triang", "tri");
    register((m, s) -> tukey(m, s, 0.5), "tukey", "tuk");
    for (String n : new String[] {"chebwin", "cheb", "dpss", "gaussian", "gauss", "gss", "general cosine",
        "general_cosine", "general gaussian", "general_gaussian", "general gauss", "general_gauss", "ggs",
        "general hamming", "general_hamming", "kaiser", "ksr", "kaiser bessel derived", "kaiser_bessel_derived",
        "kbd"}) {
      NEEDS_PARAMETERS.put(n, n);
    }
  }

  private ScipyWindows() {}

  private static void register(BiFunction<Integer, Boolean, double[]> window, String... names) {
    for (String n : names) {
      WINDOWS.put(n, window);
    }
  }

  /** Checks a window name as Keras' STFT constructor does ({@code get_window(window, 1)}). */
  public static void validate(String window) {
    resolve(window);
  }

  /** The names {@link #get} accepts (without the _periodic / _symmetric suffixes). */
  public static java.util.Set<String> names() {
    return new TreeSet<>(WINDOWS.keySet());
  }

  /** {@code scipy.signal.get_window(window, nx, fftbins)}. */
  public static double[] get(String window, long nx, boolean fftbins) {
    if (nx <= 0 || nx > Integer.MAX_VALUE - 1) {
      throw new KerasInitException("window length " + nx + " is not a positive integer (scipy: Parameter Nx=" + nx
          + " is not a positive integer)");
    }
    boolean sym = !fftbins;
    if (window.endsWith("_symmetric")) {
      sym = true;
    } else if (window.endsWith("_periodic")) {
      sym = false;
    }
    return resolve(window).apply((int) nx, sym);
  }

  private static BiFunction<Integer, Boolean, double[]> resolve(String window) {
    String name = window;
    if (name.endsWith("_symmetric")) {
      name = name.substring(0, name.length() - "_symmetric".length());
    } else if (name.endsWith("_periodic")) {
      name = name.substring(0, name.length() - "_periodic".length());
    }
    if (NEEDS_PARAMETERS.containsKey(name)) {
      throw new KerasInitException("STFT window \"" + window + "\" needs parameters, which a Keras STFT config cannot"
          + " pass (scipy: '" + name + "' must have parameters); allowed names: " + String.join(", ", names()));
    }
    BiFunction<Integer, Boolean, double[]> f = WINDOWS.get(name);
    if (f == null) {
      throw new KerasInitException("invalid STFT window name \"" + window + "\" (scipy: Invalid window name);"
          + " allowed: " + String.join(", ", names()) + ", each optionally with _periodic or _symmetric");
    }
    return f;
  }

  // ---- scipy.signal.windows, function for function ----------------------------------------------------

  /** {@code _len_guards}: M <= 1 gives ones(M). */
  private static boolean lenGuard(int m) {
    return m <= 1;
  }

  private static double[] ones(int m) {
    double[] w = new double[m];
    Arrays.fill(w, 1.0);
    return w;
  }

  /** {@code _truncate}: drop the last point of a periodic window. */
  private static double[] truncate(double[] w, boolean needed) {
    return needed ? Arrays.copyOf(w, w.length - 1) : w;
  }

  /** {@code np.arange(start, stop, step)} for float64: {@code start + i * (second - first)}, as numpy fills it. */
  static double[] arange(double start, double stop, double step) {
    int n = (int) Math.max(0, Math.ceil((stop - start) / step));
    double[] out = new double[n];
    if (n > 0) {
      out[0] = start;
    }
    if (n > 1) {
      double second = start + step;
      double delta = second - start;
      out[1] = second;
      for (int i = 2; i < n; i++) {
        out[i] = start + i * delta;
      }
    }
    return out;
  }

  /** {@code np.linspace(start, stop, num)} (endpoint=True) for float64. */
  static double[] linspace(double start, double stop, int num) {
    double[] y = new double[num];
    int div = num - 1;
    double delta = stop - start;
    for (int i = 0; i < num; i++) {
      y[i] = i;
    }
    if (div > 0) {
      double step = delta / div;
      for (int i = 0; i < num; i++) {
        y[i] = step == 0 ? (y[i] / div) * delta : y[i] * step;
      }
    } else {
      for (int i = 0; i < num; i++) {
        y[i] = y[i] * delta;
      }
    }
    for (int i = 0; i < num; i++) {
      y[i] += start;
    }
    if (num > 1) {
      y[num - 1] = stop;
    }
    return y;
  }

  private static double[] generalHamming(int m, boolean sym, double alpha) {
    return generalCosine(m, sym, alpha, 1. - alpha);
  }

  /** {@code _general_cosine_impl}: {@code w += a[k] * cos(k * fac)} over {@code fac = linspace(-pi, pi, M)}. */
  private static double[] generalCosine(int m, boolean sym, double... a) {
    if (lenGuard(m)) {
      return ones(m);
    }
    boolean trunc = !sym;
    int len = sym ? m : m + 1;
    double[] fac = linspace(-Math.PI, Math.PI, len);
    double[] w = new double[len];
    for (int k = 0; k < a.length; k++) {
      double[] arg = new double[len];
      for (int i = 0; i < len; i++) {
        arg[i] = k * fac[i];
      }
      double[] c = Libm.cos(arg);
      for (int i = 0; i < len; i++) {
        w[i] += a[k] * c[i];
      }
    }
    return truncate(w, trunc);
  }

  private static double[] boxcar(int m, boolean sym) {
    return ones(m);
  }

  private static double[] triang(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double[] n = arange(1, (m + 1) / 2 + 1, 1);
    double[] w;
    if (m % 2 == 0) {
      double[] half = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        half[i] = (2 * n[i] - 1.0) / m;
      }
      w = concatMirrored(half, half.length);
    } else {
      double[] half = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        half[i] = 2 * n[i] / (m + 1.0);
      }
      w = concatMirrored(half, half.length - 1);
    }
    return truncate(w, !sym);
  }

  /** {@code concat([w, flip(w[:keep])])}. */
  private static double[] concatMirrored(double[] w, int keep) {
    double[] out = Arrays.copyOf(w, w.length + keep);
    for (int i = 0; i < keep; i++) {
      out[w.length + i] = w[keep - 1 - i];
    }
    return out;
  }

  private static double[] parzen(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double[] n = arange(-(m - 1) / 2.0, (m - 1) / 2.0 + 0.5, 1.0);
    double[] w = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      double an = Math.abs(n[i]);
      double r = an / (m / 2.0);
      if (an <= (m - 1) / 4.0) {
        w[i] = 1 - 6 * (r * r) + 6 * cube(r);
      } else {
        w[i] = 2 * cube(1 - r);
      }
    }
    return truncate(w, !sym);
  }

  /** x ** 3.0, correctly rounded (what the C library's pow gives; numpy on AVX-512 may differ by one ulp). */
  private static double cube(double x) {
    BigDecimal b = new BigDecimal(x);
    return b.multiply(b).multiply(b).doubleValue();
  }

  private static double[] bohman(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double[] lin = linspace(-1, 1, m);
    int inner = m - 2;
    double[] fac = new double[inner];
    double[] arg = new double[inner];
    for (int i = 0; i < inner; i++) {
      fac[i] = Math.abs(lin[i + 1]);
      arg[i] = Math.PI * fac[i];
    }
    double[] c = Libm.cos(arg);
    double[] s = Libm.sin(arg);
    double[] w = new double[m];
    for (int i = 0; i < inner; i++) {
      w[i + 1] = (1 - fac[i]) * c[i] + 1.0 / Math.PI * s[i];
    }
    return truncate(w, !sym);
  }

  private static double[] bartlett(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      double n = i;
      w[i] = n <= (m - 1) / 2.0 ? 2.0 * n / (m - 1) : 2.0 - 2.0 * n / (m - 1);
    }
    return truncate(w, !sym);
  }

  private static double[] tukey(int m0, boolean sym, double alpha) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    if (alpha <= 0) {
      return ones(m0);
    } else if (alpha >= 1.0) {
      return generalHamming(m0, sym, 0.5);
    }
    int m = sym ? m0 : m0 + 1;
    int width = (int) Math.floor(alpha * (m - 1) / 2.0);
    double[] w = new double[m];
    int end1 = width + 1;
    int start3 = m - width - 1;
    double[] arg1 = new double[end1];
    for (int i = 0; i < end1; i++) {
      arg1[i] = Math.PI * (-1 + 2.0 * i / alpha / (m - 1));
    }
    double[] c1 = Libm.cos(arg1);
    for (int i = 0; i < end1; i++) {
      w[i] = 0.5 * (1 + c1[i]);
    }
    for (int i = end1; i < start3; i++) {
      w[i] = 1.0;
    }
    double[] arg3 = new double[m - start3];
    for (int i = start3; i < m; i++) {
      arg3[i - start3] = Math.PI * (-2.0 / alpha + 1 + 2.0 * i / alpha / (m - 1));
    }
    double[] c3 = Libm.cos(arg3);
    for (int i = start3; i < m; i++) {
      w[i] = 0.5 * (1 + c3[i - start3]);
    }
    return truncate(w, !sym);
  }

  private static double[] barthann(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double[] fac = new double[m];
    double[] arg = new double[m];
    for (int i = 0; i < m; i++) {
      fac[i] = Math.abs(i / (m - 1.0) - 0.5);
      arg[i] = 2 * Math.PI * fac[i];
    }
    double[] c = Libm.cos(arg);
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      w[i] = 0.62 - 0.48 * fac[i] + 0.38 * c[i];
    }
    return truncate(w, !sym);
  }

  private static double[] cosine(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double[] arg = new double[m];
    for (int i = 0; i < m; i++) {
      arg[i] = Math.PI / m * (i + .5);
    }
    return truncate(Libm.sin(arg), !sym);
  }

  private static double[] exponential(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double center = (m - 1) / 2.0;
    double tau = 1.0;
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      w[i] = StrictMath.exp(-Math.abs(i - center) / tau);
    }
    return truncate(w, !sym);
  }

  private static double[] taylor(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    int nbar = 4;
    double sll = 30;
    double b = StrictMath.pow(10, sll / 20);
    double a = acosh(b) / Math.PI;
    double a2 = a * a;
    double s2 = nbar * nbar / (a2 + (nbar - 0.5) * (nbar - 0.5));
    int terms = nbar - 1;
    double[] ma = new double[terms];
    double[] m2 = new double[terms];
    for (int i = 0; i < terms; i++) {
      ma[i] = i + 1;
      m2[i] = ma[i] * ma[i];
    }
    double[] fm = new double[terms];
    for (int mi = 0; mi < terms; mi++) {
      double sign = mi % 2 == 0 ? 1 : -1;
      double numer = 1;
      for (int j = 0; j < terms; j++) {
        double t = 1 - m2[mi] / s2 / (a2 + (ma[j] - 0.5) * (ma[j] - 0.5));
        numer = j == 0 ? t : numer * t;
      }
      numer = sign * numer;
      double left = 1.0;
      for (int j = 0; j < mi; j++) {
        double t = 1 - m2[mi] / m2[j];
        left = j == 0 ? t : left * t;
      }
      double right = 1.0;
      for (int j = mi + 1; j < terms; j++) {
        double t = 1 - m2[mi] / m2[j];
        right = j == mi + 1 ? t : right * t;
      }
      fm[mi] = numer / (2 * left * right);
    }
    double[] n = new double[m];
    for (int i = 0; i < m; i++) {
      n[i] = i;
    }
    double[] w = taylorW(n, fm, ma, m);
    double scale = 1.0 / taylorW(new double[] {(m - 1) / 2.0}, fm, ma, m)[0];
    for (int i = 0; i < m; i++) {
      w[i] *= scale;
    }
    return truncate(w, !sym);
  }

  /**
   * {@code W(n) = 1 + 2 * Fm @ cos(2*pi*ma[:, None]*(n - M/2. + 0.5)/M)}. numpy hands the 3-term products to
   * OpenBLAS' dgemv, whose x86-64 kernel sums outputs four at a time as {@code fma(F0, C0, F1*C1) + F2*C2} and the
   * remaining {@code n mod 4} as a running FMA chain (measured against numpy for every length 2..300 and larger
   * ones: 0 differences). A plain left-to-right sum differs in the last bit for about a third of the values.
   */
  private static double[] taylorW(double[] n, double[] fm, double[] ma, int m) {
    int terms = ma.length;
    double[] arg = new double[terms * n.length];
    for (int j = 0; j < terms; j++) {
      double c = 2 * Math.PI * ma[j];
      for (int i = 0; i < n.length; i++) {
        arg[j * n.length + i] = c * (n[i] - m / 2. + 0.5) / m;
      }
    }
    double[] cos = Libm.cos(arg);
    int blocked = n.length - n.length % 4;
    double[] w = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      double c0 = cos[i];
      double c1 = cos[n.length + i];
      double c2 = cos[2 * n.length + i];
      double dot = i < blocked
          ? Math.fma(fm[0], c0, fm[1] * c1) + fm[2] * c2
          : Math.fma(fm[2], c2, Math.fma(fm[1], c1, fm[0] * c0));
      w[i] = 1 + 2 * dot;
    }
    return w;
  }

  /** acosh as fdlibm and glibc compute it for 2 &lt; x &lt; 2^28: log(2x - 1/(x + sqrt(x*x - 1))). */
  private static double acosh(double x) {
    return StrictMath.log(2.0 * x - 1.0 / (x + Math.sqrt(x * x - 1.0)));
  }

  private static double[] lanczos(int m0, boolean sym) {
    if (lenGuard(m0)) {
      return ones(m0);
    }
    int m = sym ? m0 : m0 + 1;
    double[] w = new double[m];
    if (m % 2 == 0) {
      double[] wh = lanczosRightSide(m / 2.0, m);
      for (int i = 0; i < wh.length; i++) {
        w[wh.length - 1 - i] = wh[i];
        w[wh.length + i] = wh[i];
      }
    } else {
      double[] wh = lanczosRightSide((m + 1) / 2.0, m);
      for (int i = 0; i < wh.length; i++) {
        w[wh.length - 1 - i] = wh[i];
        w[wh.length + 1 + i] = wh[i];
      }
      w[wh.length] = 1.0;
    }
    return truncate(w, !sym);
  }

  /** {@code sinc(2. * arange(n, m) / (m - 1) - 1.0)}, sinc(x) = sin(pi x) / (pi x) (x is never 0 here). */
  private static double[] lanczosRightSide(double n, int m) {
    double[] a = arange(n, m, 1.0);
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double x = 2. * a[i] / (m - 1) - 1.0;
      y[i] = Math.PI * (x != 0 ? x : Math.ulp(1.0));
    }
    double[] s = Libm.sin(y);
    for (int i = 0; i < y.length; i++) {
      s[i] = s[i] / y[i];
    }
    return s;
  }
}
