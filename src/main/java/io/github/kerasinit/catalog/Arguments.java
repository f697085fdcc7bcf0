package io.github.kerasinit.catalog;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.PyValues;

/** Argument checks that quote the bad value, shared by the catalog's constructors. */
final class Arguments {
  private Arguments() {}

  /** A Python number (int or float), kept as given: Keras serializes {@code 1} and {@code 1.0} differently. */
  static Object number(String owner, String key, Object value) {
    if (!PyValues.isNumber(value)) { // a bool is a Python int, but a bool where a number goes is a typo
      throw KerasInitException.badArgument(owner, key, value, "allowed: a number");
    }
    Object v = PyValues.normalize(value);
    if (v instanceof Double && !Double.isFinite((Double) v)) {
      // Keras accepts NaN and infinities here and returns NaN or infinite weights; we refuse them.
      throw KerasInitException.badArgument(owner, key, value,
          "allowed: a finite number (Keras would return NaN or infinite weights)");
    }
    return v;
  }
}
