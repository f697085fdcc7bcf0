package io.github.kerasinit.report;

/**
 * What one hidden layer carried in the first forward and backward pass.
 *
 * @param activationStd std of the layer's outputs over the batch and its units
 * @param gradientStd std of the loss' gradient with respect to those outputs (the signal flowing back)
 * @param weightGradientStd std of the loss' gradient with respect to the layer's kernel (what SGD applies)
 * @param symmetricFraction the fraction of units that have a twin in the layer: the same incoming weights, the same
 *     activations and the same gradients, bit for bit. Such units stay twins under every gradient step.
 */
public record LayerSignal(String layer, double activationStd, double gradientStd, double weightGradientStd,
    double symmetricFraction) {}
