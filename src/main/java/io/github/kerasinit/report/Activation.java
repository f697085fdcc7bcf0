package io.github.kerasinit.report;

import io.github.kerasinit.KerasInitException;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/** The Keras activations the signal report can build, by their Keras names; TF computes their gradients. */
public enum Activation {
  LINEAR("linear") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return z;
    }
  },
  RELU("relu") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.nn.relu(z);
    }
  },
  RELU6("relu6") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.nn.relu6(z);
    }
  },
  TANH("tanh") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.math.tanh(z);
    }
  },
  SIGMOID("sigmoid") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.math.sigmoid(z);
    }
  },
  SOFTMAX("softmax") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.nn.softmax(z);
    }
  },
  ELU("elu") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.nn.elu(z);
    }
  },
  SELU("selu") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.nn.selu(z);
    }
  },
  SILU("silu") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.math.mul(z, tf.math.sigmoid(z));
    }
  },
  SOFTPLUS("softplus") {
    @Override
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z) {
      return tf.math.softplus(z);
    }
  };

  private final String kerasName;

  Activation(String kerasName) {
    this.kerasName = kerasName;
  }

  /** Builds the activation on {@code z}. */
  abstract <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> z);

  public String kerasName() {
    return kerasName;
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
