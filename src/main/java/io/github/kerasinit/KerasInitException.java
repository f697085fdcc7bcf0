package io.github.kerasinit;

import static io.github.kerasinit.text.PythonText.abbreviate;

import io.github.kerasinit.text.PythonText;

/**
 * The one error type keras-init throws for bad input: an unknown name, a bad argument, a shape or dtype an
 * initializer does not accept, a malformed config. Its message names the bad value and what is allowed.
 *
 * <p>Errors that TensorFlow itself raises while running our ops are wrapped in this type too, with the op's
 * message, so callers catch one exception.
 */
public class KerasInitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KerasInitException(String message) {
    super(message);
  }

  public KerasInitException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "Argument `key` ...: got VALUE; allowed: ALLOWED" in Keras' own words for the key. */
  public static KerasInitException badArgument(String owner, String key, Object value, String allowed) {
    return new KerasInitException(
        owner + ": invalid `" + key + "` = " + describe(value) + "; " + allowed);
  }

  /** A value as the user wrote it, with its JSON type when that is the problem. */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof CharSequence) {
      return "\"" + abbreviate(value.toString()) + "\" (a string)";
    }
    if (value instanceof Boolean) {
      return value + " (a boolean)";
    }
    if (value instanceof java.util.List) {
      return abbreviate(PythonText.json(value)) + " (a list)";
    }
    if (value instanceof java.util.Map) {
      return abbreviate(PythonText.json(value)) + " (an object)";
    }
    if (value instanceof Double) {
      double d = (Double) value; // NaN and Infinity as the JSON had them, other floats as Python prints them
      return Double.isFinite(d) ? PythonText.floatRepr(d) : PythonText.jsonFloat(d);
    }
    return abbreviate(String.valueOf(value));
  }
}
