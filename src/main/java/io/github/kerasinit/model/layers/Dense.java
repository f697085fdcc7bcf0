package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;

/** {@code Dense(units, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros")}. */
public final class Dense extends Layer {
  private final long units;
  private final boolean useBias;
  private final KerasInitializer kernelInitializer;
  private final KerasInitializer biasInitializer;

  public Dense(LayerConfig config, ModelContext context) {
    super(config, context);
    units = config.requiredPositive("units");
    useBias = config.bool("use_bias", true);
    kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
    biasInitializer = initializer("bias_initializer", "zeros");
  }

  public long units() {
    return units;
  }

  public boolean useBias() {
    return useBias;
  }

  /** The input size build gave the kernel, which every call must match (Keras' InputSpec); -1 before the build. */
  private long builtInputDim = -1;

  public KerasInitializer kernelInitializer() {
    return kernelInitializer;
  }

  @Override
  protected void build(List<long[]> inputs) {
    long inputDim = lastDim(single(inputs));
    builtInputDim = inputDim;
    addWeight("kernel", new long[] {inputDim, units}, WeightInit.of(kernelInitializer), true);
    if (useBias) {
      addWeight("bias", new long[] {units}, WeightInit.of(biasInitializer), true);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = single(inputs);
    checkBuiltAxis(in, -1, builtInputDim);
    long[] out = in.clone();
    out[out.length - 1] = units;
    return one(out);
  }
}
