package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.config.KerasJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models whose later weights depend on shapes only a call gives (attention scores from
 * {@code return_attention_scores=True}, ReversibleEmbedding called with {@code reverse=True}, an RNN's states, STFT
 * spectrograms), read with every {@code build_config} removed, so that each layer is built from the shapes keras-init
 * computes along the graph rather than from the ones Keras recorded: the weights' shapes and dtypes, in order, must
 * still be the ones Keras gave for the file as saved. (Their paths change, as in Keras: a layer built when called is
 * built inside its caller's scope, {@code rnn/simple_rnn_cell/kernel} where the saved file gives
 * {@code simple_rnn_cell/kernel}; Keras 3.15.1 gave the same paths as keras-init for cells_stft stripped so.)
 */
class ShapeFlowTest {
  @ParameterizedTest
  @ValueSource(strings = {"attention_scores", "cells_stft", "random_layers"})
  @SuppressWarnings("unchecked")
  void weightShapesFollowFromTheGraphAlone(String name) throws IOException {
    Map<String, Object> config = (Map<String, Object>) KerasJson.parse(
        Files.readString(Path.of("models", name + ".json")), name);
    for (Object layer : (List<Object>) ((Map<String, Object>) config.get("config")).get("layers")) {
      removeBuildConfigs(layer);
    }
    KerasModel model = KerasModel.fromConfig(config, KerasModel.options());
    List<String> keras = ModelGoldens.weights(name + ".rs0.weights.json").stream()
        .map(w -> w.get("shape") + " " + w.get("dtype")).toList();
    List<String> ours = model.weights().stream()
        .map(w -> java.util.Arrays.toString(w.shape()) + " " + w.dtype()).toList();
    assertEquals(String.join("\n", keras), String.join("\n", ours), name + ": weight shapes");
  }

  /** Removes build_config from a layer and from every layer inside it (an RNN's cells, a wrapper's layer). */
  private static void removeBuildConfigs(Object node) {
    if (node instanceof Map<?, ?> map) {
      map.remove("build_config");
      map.values().forEach(ShapeFlowTest::removeBuildConfigs);
    } else if (node instanceof List<?> list) {
      list.forEach(ShapeFlowTest::removeBuildConfigs);
    }
  }
}
