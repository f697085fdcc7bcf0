package io.github.kerasinit.report;

import io.github.kerasinit.KerasInitializer;

/**
 * One Dense layer of a {@link DenseStack}: {@code activation(x @ kernel + bias)}.
 *
 * @param configured the kernel initializer the model config names (null for the built-in deep network)
 */
public record DenseLayer(String name, int units, Activation activation, boolean useBias, KerasInitializer configured) {}
