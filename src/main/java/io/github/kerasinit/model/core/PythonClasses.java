package io.github.kerasinit.model.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python class Keras 3 deserializes a layer class name to, where the name is an alias ({@code MaxPool2D}): every
 * class of keras.layers 3.15.1 whose {@code __name__} differs from its exported name, and a config's "Model".
 */
final class PythonClasses {
  private static final Map<String, String> ALIASES = new HashMap<>();

  static {
    for (String dims : List.of("1D", "2D", "3D")) {
      ALIASES.put("Convolution" + dims, "Conv" + dims);
      ALIASES.put("Convolution" + dims + "Transpose", "Conv" + dims + "Transpose");
      ALIASES.put("SeparableConvolution" + dims, "SeparableConv" + dims);
      ALIASES.put("MaxPool" + dims, "MaxPooling" + dims);
      ALIASES.put("AvgPool" + dims, "AveragePooling" + dims);
      ALIASES.put("GlobalMaxPool" + dims, "GlobalMaxPooling" + dims);
      ALIASES.put("GlobalAvgPool" + dims, "GlobalAveragePooling" + dims);
    }
    ALIASES.put("GroupQueryAttention", "GroupedQueryAttention");
    ALIASES.put("Model", "Functional");
  }

  private PythonClasses() {}

  static String of(String configClassName) {
    return ALIASES.getOrDefault(configClassName, configClassName);
  }
}
