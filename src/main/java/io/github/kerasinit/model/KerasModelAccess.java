package io.github.kerasinit.model;

import java.util.List;

/** Materializes a subset of a model's weights (the CLI makes them in groups to show progress and bound memory). */
public final class KerasModelAccess {
  private KerasModelAccess() {}

  public static MaterializedWeights materialize(KerasModel model, List<WeightSpec> subset, String device) {
    return Materializer.run(subset, device);
  }
}
