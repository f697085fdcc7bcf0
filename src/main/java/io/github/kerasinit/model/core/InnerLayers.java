package io.github.kerasinit.model.core;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code deserialize_keras_object} for what a layer holds inside it: the wrapped layers of Bidirectional and
 * TimeDistributed, and the graph of a nested model. The model package implements it; layers reach it through their
 * {@link ModelContext}, so they never depend on the factory that made them.
 */
public interface InnerLayers {
  /** A layer from its {class_name, config} dict, built at once when the dict has a build_config. */
  Layer deserialize(Map<String, Object> dict);

  /** The layers of a Sequential or Functional model dict, wired as its config says. */
  Graph graph(Map<String, Object> modelDict);

  /**
   * Whether Keras 3 reads {@code config} as written: a layer entry with a {@code module} in a file Keras 3 loads as
   * it is. Its legacy loader reads the others (tf.keras 2 files, .h5 configs, entries without a module), dropping
   * keys and a null {@code axis} and unwrapping a one-element one ({@link LayerKeywords}).
   */
  boolean readAsKeras3(LayerConfig config);

  /** A nested model's layers and the shape propagation through them. */
  interface Graph {
    /** Whether the model declares its input shapes (an InputLayer, or a first layer's batch_input_shape). */
    boolean declaresInputs();

    /** Its layers, in the order Keras tracks their weights. */
    List<Layer> layers();

    /**
     * Keras' {@code model.layers}: the layers, less a Sequential's InputLayer and a Functional model's op nodes
     * ({@code keras.ops} calls, which are Operations, not Layers).
     */
    List<Layer> modelLayers();

    /** Runs the layers on {@code inputs} (null: the declared inputs) and returns the output shapes. */
    List<long[]> run(List<long[]> inputs);

    /** As {@link #run(List)}, building layers without a build_config inside the name scope {@code scope}. */
    List<long[]> run(List<long[]> inputs, String scope);
  }
}
