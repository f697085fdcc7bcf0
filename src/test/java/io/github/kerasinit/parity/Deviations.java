package io.github.kerasinit.parity;

import java.util.List;
import java.util.Map;

/**
 * The golden cases where keras-init knowingly does not do what Keras does, each with its reason. The README's
 * "Deviations from Keras" section lists the same. Nothing else may differ.
 */
final class Deviations {
  private Deviations() {}

  /** Why this case may be rejected by one side and accepted by the other, or null when both must agree. */
  static String reason(GoldenCase c) {
    String cls = c.kerasClassName();
    Map<?, ?> config = c.config instanceof Map ? (Map<?, ?>) ((Map<?, ?>) c.config).get("config") : null;
    if (!c.ok && "KeyError".equals(c.errorType) && "Constant".equals(cls) && c.config instanceof String) {
      return "get(\"constant\"): Keras raises KeyError 'value'; keras-init returns Constant(value=0.0), the default";
    }
    if (!c.ok && config != null && config.containsKey("dtype")) {
      return "TF1-era \"dtype\" key: Keras 3 raises TypeError; keras-init accepts it with a warning (layers pass"
          + " their dtype, so it never changed a value)";
    }
    if (!c.ok && c.legacyOf != null) {
      return "legacy name " + c.config + ": Keras 3 no longer knows it; keras-init reads it as " + c.legacyOf
          + " (values checked against that class's golden)";
    }
    if (c.ok && "STFT".equals(cls) && !isFloat(c.dtype)) {
      return "STFT with an integer dtype: Keras returns a float32 tensor of NaN; a typed call cannot; refused";
    }
    if (c.ok && config != null && List.of("RandomNormal", "TruncatedNormal", "RandomUniform").contains(cls)
        && config.values().stream().anyMatch(v -> v instanceof List)) {
      return "a list as mean/stddev/minval/maxval: Keras documents scalars and silently broadcasts a list;"
          + " keras-init refuses it";
    }
    return null;
  }

  /**
   * Why this case may differ in value (bounded, not bit-exact), or null. The exponential and parzen windows call
   * float64 {@code exp} and {@code power}, which numpy evaluates with its own AVX-512 kernels (on a machine without
   * AVX-512 numpy itself gives other bits); we use fdlibm's exp and a correctly rounded cube.
   */
  static String valueReason(GoldenCase c) {
    if (!"STFT".equals(c.kerasClassName()) || !"float64".equals(c.dtype) || !(c.config instanceof Map)) {
      return null;
    }
    Object cfg = ((Map<?, ?>) c.config).get("config");
    Object window = cfg instanceof Map ? ((Map<?, ?>) cfg).get("window") : null;
    if (window instanceof String && List.of("exponential", "poisson", "parzen", "parz", "par").contains(window)) {
      return "exponential/parzen window in float64: numpy's AVX-512 exp/power kernels vs fdlibm exp and a correctly"
          + " rounded cube, within " + MAX_WINDOW_ULP + " ulp";
    }
    return null;
  }

  static final long MAX_WINDOW_ULP = 4;

  static boolean isFloat(String dtype) {
    return dtype.startsWith("float") || dtype.equals("bfloat16");
  }

  /** Orthogonal in float16: TF's float16 Qr kernel differs between TF 2.18 (TF-Java) and 2.21 (Python). */
  static boolean isOrthogonalFloat16(GoldenCase c) {
    return "Orthogonal".equals(c.kerasClassName()) && "float16".equals(c.dtype) && c.ok;
  }
}
