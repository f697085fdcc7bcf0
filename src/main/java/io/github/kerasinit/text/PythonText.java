package io.github.kerasinit.text;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * How Python and Keras write values, names and calls: the one home of each format that messages, {@code toString},
 * tables and JSON share. Independent of the JVM's locale (a comma-decimal locale changes nothing here).
 */
public final class PythonText {
  /** How much of a value a message quotes: a 20 MB string in a config must not become a 20 MB message. */
  public static final int MAX_QUOTED_CHARS = 200;
  /** Keras' to_snake_case patterns, compiled once: String.replaceAll compiles its pattern on every call. */
  private static final Pattern WORD_AFTER_ANY = Pattern.compile("(.)([A-Z][a-z]+)");
  private static final Pattern CAPITAL_AFTER_LOWER = Pattern.compile("([a-z])([A-Z])");

  private PythonText() {}

  /**
   * Python's {@code repr(float)}: the shortest digits that read back to the same double, in fixed notation for
   * decimal exponents -4..15 and as {@code 1e-05} / {@code 1e+16} otherwise; {@code nan}, {@code inf}, {@code -inf}.
   * (Java 17's {@code Double.toString} is not always shortest and writes {@code 1.0E-5}.)
   */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = shortest.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "");
    String exp = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    return sign + mantissa + "e" + exp;
  }

  /** A float as Python's {@code json.dumps} writes it: {@link #floatRepr}, or NaN, Infinity, -Infinity. */
  public static String jsonFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return floatRepr(d);
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped, everything else as it is. */
  public static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * A string as Python's {@code json.dumps} writes it by default ({@code ensure_ascii=True}): {@code \\n}, {@code \\t}
   * and the other short escapes, and every other character outside printable ASCII as {@code \\u} and four lowercase
   * hex digits (a UTF-16 unit: a character past U+FFFF is its surrogate pair, as Python writes it).
   */
  public static String jsonAsciiString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        case '\b': sb.append("\\b"); break;
        case '\f': sb.append("\\f"); break;
        default:
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * A parsed config value as compact JSON, as the user's file had it ({@code {"name": "ln", "axis": 5}}), for
   * messages: a Java map's {@code {name=ln, axis=5}} is nothing the user wrote.
   */
  public static String json(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double || v instanceof Float) {
      return jsonFloat(((Number) v).doubleValue());
    }
    if (v instanceof CharSequence) {
      return jsonString(v.toString());
    }
    if (v instanceof List) {
      StringJoiner out = new StringJoiner(", ", "[", "]");
      ((List<?>) v).forEach(x -> out.add(json(x)));
      return out.toString();
    }
    if (v instanceof Map) {
      StringJoiner out = new StringJoiner(", ", "{", "}");
      ((Map<?, ?>) v).forEach((k, x) -> out.add(jsonString(String.valueOf(k)) + ": " + json(x)));
      return out.toString();
    }
    return String.valueOf(v);
  }

  /** The shortest decimal that parses back to {@code d}, without trailing zeros. */
  private static BigDecimal shortest(double d) {
    for (int precision = 1; precision <= 17; precision++) {
      String s = String.format(Locale.ROOT, "%." + (precision - 1) + "e", d);
      if (Double.parseDouble(s) == d) {
        return new BigDecimal(s).stripTrailingZeros();
      }
    }
    return new BigDecimal(d).stripTrailingZeros();
  }

  /**
   * Python's {@code repr} of a config value: None, True/False, ints, floats ({@link #floatRepr}), 'strings', lists,
   * and a Keras object dict ({@code {"class_name": ..., "config": {...}}}, a SeedGenerator say) as its call.
   */
  public static String repr(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean) {
      return (Boolean) v ? "True" : "False";
    }
    if (v instanceof Double || v instanceof Float) {
      return floatRepr(((Number) v).doubleValue());
    }
    if (v instanceof CharSequence) {
      return "'" + v + "'";
    }
    if (v instanceof List) {
      StringJoiner out = new StringJoiner(", ", "[", "]");
      ((List<?>) v).forEach(x -> out.add(repr(x)));
      return out.toString();
    }
    if (v instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) v;
      if (map.get("class_name") instanceof String && (map.get("config") == null || map.get("config") instanceof Map)) {
        Map<?, ?> config = map.get("config") == null ? Map.of() : (Map<?, ?>) map.get("config");
        return call((String) map.get("class_name"), config);
      }
      StringJoiner out = new StringJoiner(", ", "{", "}");
      map.forEach((k, x) -> out.add(repr(k) + ": " + repr(x)));
      return out.toString();
    }
    return String.valueOf(v);
  }

  /** A call as Python prints it: {@code GlorotUniform(seed=42, input_axes=None)}. */
  public static String call(String name, Map<?, ?> kwargs) {
    StringJoiner out = new StringJoiner(", ", name + "(", ")");
    kwargs.forEach((k, v) -> out.add(k + "=" + repr(v)));
    return out.toString();
  }

  /** Keras' {@code to_snake_case}: {@code GlorotUniform} → {@code glorot_uniform}, {@code STFT} → {@code stft}. */
  public static String snakeCase(String name) {
    String s = WORD_AFTER_ANY.matcher(name).replaceAll("$1_$2");
    return CAPITAL_AFTER_LOWER.matcher(s).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
  }

  /** The text itself when short, else its first {@link #MAX_QUOTED_CHARS} characters and its length. */
  public static String abbreviate(String text) {
    if (text == null || text.length() <= MAX_QUOTED_CHARS) {
      return text;
    }
    return text.substring(0, MAX_QUOTED_CHARS) + "... (" + text.length() + " characters)";
  }
}
