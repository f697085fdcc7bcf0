package io.github.kerasinit.model;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads the model goldens python-parity/export_models.py wrote from real Keras. */
public final class ModelGoldens {
  public static final List<String> MODELS = List.of("mlp", "cnn_bn", "text_bilstm_gru", "transformer_block",
      "layer_zoo", "nested_shared", "resnet50", "mobilenet_v2", "efficientnet_b0", "ops_zoo", "convnext_tiny",
      "inception_resnet_v2", "attention_conv_lstm", "spectral_gqa", "preprocessing_zoo", "cells_stft", "random_layers",
      "attention_scores", "sequential_lists",
      // python-parity/op_models.py: keras.ops calls; each also as .keras, and without build_configs ("_unbuilt")
      "ops_masked_pooling", "ops_slicing", "ops_reshape_transpose", "ops_concat_stack_tile", "ops_pad_resize",
      "ops_attention", "ops_reductions", "ops_arithmetic", "ops_einsum_matmul", "ops_image_gating",
      "ops_masked_pooling_unbuilt", "ops_slicing_unbuilt", "ops_reshape_transpose_unbuilt",
      "ops_concat_stack_tile_unbuilt", "ops_pad_resize_unbuilt", "ops_attention_unbuilt", "ops_reductions_unbuilt",
      "ops_arithmetic_unbuilt", "ops_einsum_matmul_unbuilt", "ops_image_gating_unbuilt");
  /**
   * The {@code random.seed} export_models.py sets before building a seeded golden: what no config can seed
   * (AdditiveAttention's scale, a {@code "glorot_uniform"} made in build; SpectralNormalization's vector_u) draws
   * its seed from Python's random.
   */
  public static final long SEEDED_PYTHON_SEED = 7;

  private ModelGoldens() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String resource) {
    try (InputStream in = ModelGoldens.class.getClassLoader().getResourceAsStream("models/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource models/" + resource
            + "; run python-parity/export_models.py");
      }
      return (Map<String, Object>) KerasJson.parse(in, resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The values of a machine-dependent weight, {@code file} as its golden names it ("values/....npy"). */
  static Npy.Array values(String file) throws IOException {
    try (InputStream in = ModelGoldens.class.getClassLoader().getResourceAsStream("models/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource models/" + file
            + "; run python-parity/export_models.py");
      }
      return Npy.read(in);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> weights(String resource) {
    return (List<Map<String, Object>>) json(resource).get("weights");
  }
}
