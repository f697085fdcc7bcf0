package io.github.kerasinit.report;

import java.util.List;

/**
 * The report's measurements for one initializer.
 *
 * @param losses the loss at the initial weights and after each gradient step ({@code steps + 1} values)
 */
public record SignalResult(String initializer, List<LayerSignal> layers, double[] losses) {
  public SignalResult {
    layers = List.copyOf(layers);
    losses = losses.clone();
  }

  /** Last hidden layer's activation std over the first's. */
  public double activationRatio() {
    return layers.get(layers.size() - 1).activationStd() / layers.get(0).activationStd();
  }

  /** First hidden layer's gradient std over the last's: how the backward signal grows (>1) or fades on its way down. */
  public double gradientRatio() {
    return layers.get(0).gradientStd() / layers.get(layers.size() - 1).gradientStd();
  }

  /** The largest activation std of any hidden layer over the smallest: 1 is a perfectly level signal. */
  public double activationSpread() {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (LayerSignal l : layers) {
      min = Math.min(min, l.activationStd());
      max = Math.max(max, l.activationStd());
    }
    return max / min;
  }

  /** The smallest symmetric fraction of any hidden layer: 1 means every layer is entirely twins. */
  public double minSymmetricFraction() {
    return layers.stream().mapToDouble(LayerSignal::symmetricFraction).min().orElse(0);
  }

  public double[] losses() {
    return losses.clone();
  }
}
