package io.github.kerasinit.model.core;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.Registry;
import io.github.kerasinit.text.PythonText;
import java.util.Map;
import java.util.Set;

/**
 * The names a layer's activation, regularizer and constraint arguments may take: they make no weight, but Keras'
 * constructor refuses a name it does not know ({@code Could not interpret activation function identifier: rleu}), so a
 * typo is refused here too rather than materialized. Keras 3.15.1's {@code ALL_OBJECTS_DICT} of each module. A
 * registered custom name ({@code "my_package>my_act"}) and a dict (a serialized object, a custom class) are taken as
 * they are: they need the user's code in Keras, and no weight depends on them.
 */
final class KerasCallables {
  static final Set<String> ACTIVATIONS = Set.of("celu", "elu", "exponential", "gelu", "glu", "hard_shrink",
      "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax",
      "mish", "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
      "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold");
  static final Set<String> REGULARIZERS = Set.of("L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "l1",
      "l1l2", "l2", "orthogonal_regularizer", "regularizer");
  static final Set<String> CONSTRAINTS = Set.of("Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm",
      "constraint", "max_norm", "min_max_norm", "non_neg", "unit_norm");

  private KerasCallables() {}

  /** Refuses a string activation, regularizer or constraint of {@code config} that Keras would not interpret. */
  static void check(LayerConfig config, String layer) {
    for (Map.Entry<String, Object> e : config.values().entrySet()) {
      String key = e.getKey();
      Set<String> names = key.equals("activation") || key.equals("recurrent_activation") ? ACTIVATIONS
          : key.endsWith("_regularizer") ? REGULARIZERS : key.endsWith("_constraint") ? CONSTRAINTS : null;
      if (names != null && e.getValue() instanceof String name && !names.contains(name) && !name.contains(">")) {
        String kind = names == ACTIVATIONS ? "activation function" : names == REGULARIZERS ? "regularizer"
            : "constraint";
        throw new KerasInitException("layer " + layer + ": `" + key + "` = " + PythonText.jsonString(name) + ": Keras"
            + " could not interpret this " + kind + " identifier; closest names: "
            + String.join(", ", Registry.closest(name, names, 4)));
      }
    }
  }
}
