package io.github.kerasinit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The claims the report exists to show, measured in TF-Java on 20 hidden layers x 256 units, batch 256, seed 42,
 * float32. The margins are the (from a numpy check of the same setups); the values measured here are in the
 * README.
 */
class SignalPropagationTest {
  private static final SignalPropagation.Settings NO_TRAINING =
      new SignalPropagation.Settings(256, 42, DType.FLOAT32, 0, 0.01);

  private static SignalResult run(Activation activation, Object initializer) {
    return run(activation, initializer, NO_TRAINING);
  }

  private static SignalResult run(Activation activation, Object initializer, SignalPropagation.Settings settings) {
    DenseStack net = DenseStack.deep(20, 256, activation, 10);
    return SignalPropagation.run(net, List.of(InitializerChoice.of(String.valueOf(initializer), initializer)),
        settings).get(0);
  }

  private static Map<String, Object> normal(double stddev) {
    return Map.of("class_name", "RandomNormal", "config", Map.of("stddev", stddev));
  }

  @Test
  void zerosNeverBreakSymmetry() {
    for (Activation activation : List.of(Activation.RELU, Activation.TANH)) {
      SignalResult r = run(activation, "zeros");
      for (LayerSignal layer : r.layers()) {
        assertEquals(1.0, layer.symmetricFraction(), activation + " " + layer);
      }
    }
  }

  @Test
  void anyConstantKeepsEveryUnitOfALayerIdentical() {
    SignalResult r = run(Activation.TANH, Map.of("class_name", "Constant", "config", Map.of("value", 0.004)));
    // 0.004 x 256 units ~ 1: the constant passes the signal on without saturating tanh (0.05 does, gradients 0)
    for (LayerSignal layer : r.layers()) {
      assertEquals(1.0, layer.symmetricFraction(), layer.toString());
      assertTrue(layer.activationStd() > 0 && layer.gradientStd() > 0, "the signal is there, only symmetric: " + layer);
    }
  }

  @Test
  void randomWeightsBreakSymmetry() {
    for (Object init : List.of("glorot_uniform", "he_normal", normal(0.01))) {
      SignalResult r = run(Activation.RELU, init);
      for (LayerSignal layer : r.layers()) {
        assertEquals(0.0, layer.symmetricFraction(), init + " " + layer);
      }
    }
  }

  @Test
  void tanhWithSmallNormalWeightsVanishes() {
    double ratio = run(Activation.TANH, normal(0.01)).activationRatio();
    assertTrue(ratio < 1e-3, "last/first activation std " + ratio);
  }

  @Test
  void reluWithUnitNormalWeightsExplodes() {
    double ratio = run(Activation.RELU, normal(1.0)).activationRatio();
    assertTrue(ratio > 1e6, "last/first activation std " + ratio);
  }

  @Test
  void reluWithHeNormalStaysLevel() {
    SignalResult r = run(Activation.RELU, "he_normal");
    assertTrue(r.activationSpread() < 2, "largest/smallest activation std over the layers " + r.activationSpread());
  }

  @Test
  void reluWithGlorotOrLecunFades() {
    for (Object init : List.of("glorot_uniform", "lecun_normal")) {
      double ratio = run(Activation.RELU, init).activationRatio();
      assertTrue(ratio < 1e-2, init + ": last/first activation std " + ratio);
    }
  }

  @Test
  void tanhWithGlorotKeepsMostOfTheSignal() {
    double ratio = run(Activation.TANH, "glorot_uniform").activationRatio();
    assertTrue(ratio > 0.1, "last/first activation std " + ratio);
  }

  @Test
  void gradientsFadeOrExplodeWithTheActivations() {
    // the backward signal mirrors the forward one: small weights shrink it on the way down as well
    double vanishing = run(Activation.TANH, normal(0.01)).gradientRatio();
    assertTrue(vanishing < 1e-3, "first/last gradient std " + vanishing);
    double he = run(Activation.RELU, "he_normal").gradientRatio();
    assertTrue(he > 0.5 && he < 2, "first/last gradient std with He " + he);
  }

  @Test
  void heLearnsWhileZerosDoNot() {
    SignalPropagation.Settings training = new SignalPropagation.Settings(256, 42, DType.FLOAT32, 50, 0.01);
    double[] he = run(Activation.RELU, "he_normal", training).losses();
    double[] zeros = run(Activation.RELU, "zeros", training).losses();
    assertEquals(51, he.length);
    assertTrue(he[50] < 0.5 * he[0], "He: loss " + he[0] + " -> " + he[50]);
    assertTrue(zeros[50] > 0.99 * zeros[0], "zeros: loss " + zeros[0] + " -> " + zeros[50]);
  }

  @Test
  void float64GivesTheSameClaims() {
    SignalPropagation.Settings f64 = new SignalPropagation.Settings(256, 42, DType.FLOAT64, 0, 0.01);
    double exploding = run(Activation.RELU, normal(1.0), f64).activationRatio();
    assertTrue(exploding > 1e6, "float64 last/first " + exploding);
    // float64 does not overflow where float32 does: the backward signal of N(0, 1) weights is finite there
    double grads = run(Activation.RELU, normal(1.0), f64).gradientRatio();
    assertTrue(grads > 1e6 && Double.isFinite(grads), "float64 first/last gradient std " + grads);
  }
}
