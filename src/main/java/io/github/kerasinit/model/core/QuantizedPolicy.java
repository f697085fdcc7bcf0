package io.github.kerasinit.model.core;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.text.PythonText;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras' quantized dtype policies: {@code "int8_from_float32"}, or a QuantizedDTypePolicy dict ({@code {"mode":
 * "int8", "source_name": "float32"}}), what {@code model.quantize("int8")} saves. Under one, Dense, EinsumDense,
 * Embedding, ReversibleEmbedding and the attention layers' EinsumDense projections build an int8 kernel and its
 * scale (int4, float8, gptq and awq their own weights) in place of the float kernel, which keras-init does not
 * materialize: refused, naming the policy. Any other layer builds as the policy's source. A malformed policy is
 * refused as Keras' {@code dtype_policies.get} refuses it.
 */
final class QuantizedPolicy {
  /** Keras' {@code QUANTIZATION_MODES}: a policy name starting with one is read as a quantized policy. */
  private static final List<String> MODES = List.of("int8", "float8", "int4", "gptq", "awq");
  /** The classes whose build makes other weights under a quantized policy (Keras' {@code quantized_build}). */
  private static final Set<String> QUANTIZED_BUILDS = Set.of("Dense", "EinsumDense", "Embedding",
      "ReversibleEmbedding", "MultiHeadAttention", "GroupQueryAttention");

  private QuantizedPolicy() {}

  /**
   * The policy name {@code config}'s weights are built in: {@code name} (from the string or the dict's
   * {@code config.name}; null when neither says one) unless {@code dtype} is a quantized policy, and then its source,
   * {@code "float32"} where a dict gives none (Keras takes the global policy).
   */
  static String buildName(LayerConfig config, Object dtype, String name) {
    String mode;
    String source;
    if (name != null) {
      if (MODES.stream().noneMatch(name::startsWith)) {
        return name;
      }
      String[] parts = name.split("_from_", -1);
      if (parts.length != 2) {
        throw refused(config, dtype, "Keras cannot read it as a pair of mode and source (\"int8_from_float32\")");
      }
      mode = parts[0];
      source = parts[1];
    } else {
      Object inner = dtype instanceof Map ? ((Map<?, ?>) dtype).get("config") : null;
      Object m = inner instanceof Map ? ((Map<?, ?>) inner).get("mode") : null;
      if (!(m instanceof String)) {
        return null;
      }
      mode = (String) m;
      Object s = ((Map<?, ?>) inner).get("source_name");
      source = s instanceof String ? (String) s : "float32";
    }
    String base = mode.split("/", -1)[0]; // int4/128, gptq/4/128: a block size or bit width after the mode
    if (!MODES.contains(base)) {
      throw refused(config, dtype, "Keras requires the quantization mode to be one of " + String.join(", ", MODES));
    }
    if (base.equals("int8") && (source.equals("float16") || source.equals("mixed_float16"))) {
      throw refused(config, dtype, "Keras refuses quantization mode int8 with compute dtype float16");
    }
    if (QUANTIZED_BUILDS.contains(config.className())) {
      throw new KerasInitException("layer " + config + " is not supported with the quantized dtype policy "
          + PythonText.abbreviate(PythonText.json(dtype)) + ": Keras then builds " + base + " weights (" + (base.equals(
              "float8") ? "a float8 kernel's scales and amax histories" : "a quantized kernel and its scale")
          + ") in place of the float ones, which keras-init does not materialize");
    }
    return source;
  }

  private static KerasInitException refused(LayerConfig config, Object dtype, String why) {
    return new KerasInitException("layer " + config + ": dtype policy " + PythonText.abbreviate(PythonText.json(dtype))
        + " starts with a quantization mode, so Keras reads it as a quantized policy; " + why);
  }
}
