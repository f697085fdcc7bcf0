package io.github.kerasinit.parity;

import io.github.kerasinit.config.KerasJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The golden cases where keras-init knowingly does not do what Keras does, each with its reason: the rules of
 * {@code parity/deviations.json}, which python-parity/live_parity.py reads too. The README's "Deviations from Keras"
 * section explains them. Nothing else may differ: values that depend on the CPU are not deviations but
 * machine-dependent ({@link MachineBound}).
 */
final class Deviations {
  private static final List<Map<?, ?>> RULES = load();

  private Deviations() {}

  /** Why this case may be rejected by one side and accepted by the other, or null when both must agree. */
  static String reason(GoldenCase c) {
    for (Map<?, ?> rule : RULES) {
      if (("ok".equals(rule.get("keras"))) == c.ok && matches((Map<?, ?>) rule.get("when"), c)) {
        return (String) rule.get("reason");
      }
    }
    return null;
  }

  private static boolean matches(Map<?, ?> when, GoldenCase c) {
    Map<?, ?> config = c.config instanceof Map && ((Map<?, ?>) c.config).get("config") instanceof Map
        ? (Map<?, ?>) ((Map<?, ?>) c.config).get("config") : Map.of();
    for (Map.Entry<?, ?> condition : when.entrySet()) {
      Object want = condition.getValue();
      boolean holds;
      switch ((String) condition.getKey()) {
        case "config_is_string":
          holds = want.equals(c.config instanceof String);
          break;
        case "class":
          holds = ((List<?>) want).contains(c.kerasClassName());
          break;
        case "keras_error_type":
          holds = want.equals(c.errorType);
          break;
        case "config_has_key":
          holds = config.containsKey(want);
          break;
        case "config_has_list":
          holds = want.equals(config.values().stream().anyMatch(v -> v instanceof List));
          break;
        case "legacy":
          holds = want.equals(c.legacyOf != null);
          break;
        case "dtype_is_float":
          holds = want.equals(isFloat(c.dtype));
          break;
        default:
          throw new IllegalStateException("parity/deviations.json: unknown condition " + condition.getKey());
      }
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  static boolean isFloat(String dtype) {
    return dtype.startsWith("float") || dtype.equals("bfloat16");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<?, ?>> load() {
    try (InputStream in = GoldenCase.resource("parity/deviations.json")) {
      return (List<Map<?, ?>>) ((Map<?, ?>) KerasJson.parse(in, "parity/deviations.json")).get("deviations");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
