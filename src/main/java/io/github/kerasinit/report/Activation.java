package io.github.kerasinit.report;

import io.github.kerasinit.KerasInitException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/** The Keras activations the signal report can build, by their Keras names; TF computes their gradients. */
public enum Activation {
  LINEAR("linear", (tf, z) -> z),
  RELU("relu", (tf, z) -> tf.nn.relu(z)),
  RELU6("relu6", (tf, z) -> tf.nn.relu6(z)),
  TANH("tanh", (tf, z) -> tf.math.tanh(z)),
  SIGMOID("sigmoid", (tf, z) -> tf.math.sigmoid(z)),
  SOFTMAX("softmax", (tf, z) -> tf.nn.softmax(z)),
  ELU("elu", (tf, z) -> tf.nn.elu(z)),
  SELU("selu", (tf, z) -> tf.nn.selu(z)),
  SILU("silu", (tf, z) -> tf.math.mul(z, tf.math.sigmoid(z))),
  SOFTPLUS("softplus", (tf, z) -> tf.math.softplus(z));

  private final String kerasName;
  private final BiFunction<Ops, Operand<TNumber>, Operand<TNumber>> op;

  Activation(String kerasName, BiFunction<Ops, Operand<TNumber>, Operand<TNumber>> op) {
    this.kerasName = kerasName;
    this.op = op;
  }

  public String kerasName() {
    return kerasName;
  }

  /** Builds the activation on {@code z}; every op keeps its input's dtype. */
  @SuppressWarnings("unchecked")
  <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
    return (Operand<T>) (Operand<?>) op.apply(tf, (Operand<TNumber>) (Operand<?>) z);
  }

  /** Keras' name ({@code "relu"}; {@code "swish"} is silu, {@code null} or {@code "linear"} is linear). */
  public static Activation of(Object name) {
    if (name == null) {
      return LINEAR;
    }
    String n = name instanceof String s ? s : null;
    if ("swish".equals(n)) {
      return SILU;
    }
    for (Activation a : values()) {
      if (a.kerasName.equals(n)) {
        return a;
      }
    }
    throw new KerasInitException("activation " + (n != null ? "\"" + n + "\"" : String.valueOf(name))
        + " is not one the report can build; allowed: " + names());
  }

  static String names() {
    return String.join(", ", Arrays.stream(values()).map(a -> a.kerasName).toList()) + " (and swish)";
  }

  @Override
  public String toString() {
    return kerasName.toLowerCase(Locale.ROOT);
  }
}
