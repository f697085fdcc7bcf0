package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.Dims;
import io.github.kerasinit.model.Layer;
import io.github.kerasinit.model.LayerConfig;
import io.github.kerasinit.model.ModelContext;
import io.github.kerasinit.model.WeightInit;
import java.util.List;

/** {@code Dense(units, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros")}. */
public final class Dense extends Layer {
  private final long units;
  private final boolean useBias;
  private final KerasInitializer kernelInitializer;
  private final KerasInitializer biasInitializer;

  public Dense(LayerConfig config, ModelContext context) {
    super(config, context);
    units = config.requiredInteger("units");
    useBias = config.bool("use_bias", true);
    kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
    biasInitializer = initializer("bias_initializer", "zeros");
  }

  @Override
  protected void build(List<long[]> inputs) {
    long inputDim = lastDim(single(inputs));
    addWeight("kernel", new long[] {inputDim, units}, WeightInit.of(kernelInitializer), true);
    if (useBias) {
      addWeight("bias", new long[] {units}, WeightInit.of(biasInitializer), true);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = single(inputs);
    long[] out = in.clone();
    out[out.length - 1] = units;
    return one(out);
  }

  /** For wrappers: the output shape without building. */
  static long[] outputShape(long[] in, long units) {
    return Dims.concat(java.util.Arrays.copyOf(in, in.length - 1), units);
  }
}
