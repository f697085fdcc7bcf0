package io.github.kerasinit.parity;

import java.util.List;
import java.util.Map;

/**
 * The golden cases where keras-init knowingly does not do what Keras does, each with its reason. The README's
 * "Deviations from Keras" section lists the same. Nothing else may differ: values that depend on the CPU are not
 * deviations but machine-dependent (MachineBound).
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

  static boolean isFloat(String dtype) {
    return dtype.startsWith("float") || dtype.equals("bfloat16");
  }
}
