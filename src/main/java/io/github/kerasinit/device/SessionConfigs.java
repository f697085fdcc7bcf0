package io.github.kerasinit.device;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Session configs (protobuf {@link ConfigProto}, built with protobuf-java) for graphs of initializer ops.
 *
 * <p>Every initializer subgraph has only constant inputs, so TF's two constant folders (the classic graph optimizer
 * at level L1 and Grappler's) evaluate each of them once at optimization time and throw the result away when it is
 * above their 10 MiB limit: a 2^26-element draw then costs 0.47 s instead of 0.14 s (measured). Folding changes no
 * bits (same kernels); turning both off only removes the duplicate work.
 *
 * <p>Device options, for GPU builds: memory grows on demand (TF would otherwise map nearly all GPU memory at the first
 * session), and soft placement is off, so an op that cannot run on the requested device is an error instead of a
 * silent fallback to the CPU, which would make a CPU-vs-GPU comparison compare the CPU with itself.
 */
public final class SessionConfigs {
  // Made once (a ConfigProto is immutable): protobuf's first use costs ~18 ms, which the CLI spends on its main
  // thread while TF loads on another (cli/TensorFlowWarmUp).
  private static final ConfigProto FOR_INITIALIZERS = ConfigProto.newBuilder()
      .setAllowSoftPlacement(false)
      .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
      .setGraphOptions(GraphOptions.newBuilder()
          .setOptimizerOptions(OptimizerOptions.newBuilder()
              .setOptLevel(OptimizerOptions.Level.L0)
              .setDoConstantFolding(false))
          .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
      .build();

  private SessionConfigs() {}

  /** No constant folding, no Grappler: each op runs once, when the session runs it; strict placement. */
  public static ConfigProto forInitializers() {
    return FOR_INITIALIZERS;
  }

  /** For eager sessions: the same device options (graph optimizations do not apply to eager ops). */
  public static ConfigProto forEager() {
    return ConfigProto.newBuilder()
        .setAllowSoftPlacement(false)
        .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
        .build();
  }
}
