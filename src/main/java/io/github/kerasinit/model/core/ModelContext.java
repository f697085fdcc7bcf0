package io.github.kerasinit.model.core;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What building one model shares: the Python random stream unseeded initializers and seed generators draw from (as
 * Keras draws from Python's {@code random} while it deserializes), the dtype override, the unsupported-layer policy,
 * warnings.
 */
public final class ModelContext {
  private final PythonRandom random;
  private final DType dtypeOverride;
  private final boolean skipUnsupported;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Integer> autoNames = new HashMap<>();
  private InnerLayers innerLayers;

  public ModelContext(PythonRandom random, DType dtypeOverride, boolean skipUnsupported) {
    this.random = random;
    this.dtypeOverride = dtypeOverride;
    this.skipUnsupported = skipUnsupported;
    if (dtypeOverride != null && !dtypeOverride.isFloating()) {
      throw new KerasInitException("--dtype must be a float dtype for model weights, got " + dtypeOverride);
    }
  }

  /** Set once, by the factory that deserializes this model's layers. */
  public void useInnerLayers(InnerLayers innerLayers) {
    if (this.innerLayers != null) {
      throw new IllegalStateException("this model context already has its layer factory");
    }
    this.innerLayers = innerLayers;
  }

  /** What deserializes the layers inside wrappers and nested models. */
  public InnerLayers innerLayers() {
    return innerLayers;
  }

  public PythonRandom random() {
    return random;
  }

  public boolean skipUnsupported() {
    return skipUnsupported;
  }

  public void warn(String message) {
    warnings.add(message);
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  String autoName(String className) {
    String base = PythonText.snakeCase(className);
    int n = autoNames.merge(base, 1, Integer::sum) - 1;
    return n == 0 ? base : base + "_" + n;
  }

  /** Keras' {@code QUANTIZATION_MODES}: a policy named {@code "int8_from_float32"} quantizes as int8. */
  private static final List<String> QUANTIZATION_MODES = List.of("int8", "float8", "int4", "gptq", "awq");
  /** The classes whose build makes other weights under a quantized policy (Keras' {@code quantized_build}). */
  private static final Set<String> QUANTIZED_BUILDS = Set.of("Dense", "EinsumDense", "Embedding",
      "ReversibleEmbedding");

  /**
   * The quantization mode of a dtype policy ({@code "int8_from_float32"}, or a dict whose config has a {@code mode},
   * as QuantizedDTypePolicy writes it); null for a float or int policy.
   */
  private static String quantizationMode(Object dtype, String name) {
    if (name != null) {
      return QUANTIZATION_MODES.stream().filter(name::startsWith).findFirst().orElse(null);
    }
    Object inner = dtype instanceof Map ? ((Map<?, ?>) dtype).get("config") : null;
    Object mode = inner instanceof Map ? ((Map<?, ?>) inner).get("mode") : null;
    return mode instanceof String ? (String) mode : null;
  }

  /** A quantized policy's source: what {@code "int8_from_mixed_bfloat16"} or a dict's {@code source_name} names. */
  private static String sourceName(Object dtype, String name) {
    if (name != null) {
      int from = name.indexOf("_from_");
      return from < 0 ? null : name.substring(from + "_from_".length());
    }
    Object source = ((Map<?, ?>) ((Map<?, ?>) dtype).get("config")).get("source_name");
    return source instanceof String ? (String) source : null;
  }

  /**
   * The dtype a layer creates its weights in: its dtype policy's variable dtype ({@code "mixed_float16"} and
   * {@code "mixed_bfloat16"} keep float32 variables), float32 when absent. An int or bool policy ({@code "int32"})
   * gives weights of that dtype, as in Keras, whose initializers then draw ints or refuse the dtype as Keras'
   * refuse it. The override replaces float dtypes only: it never turns an int weight into a float one.
   */
  DType variableDtype(LayerConfig config) {
    Object dtype = config.raw("dtype");
    String name = null;
    if (dtype instanceof String) {
      name = (String) dtype;
    } else if (dtype instanceof Map) {
      Object inner = ((Map<?, ?>) dtype).get("config");
      if (inner instanceof Map && ((Map<?, ?>) inner).get("name") instanceof String) {
        name = (String) ((Map<?, ?>) inner).get("name");
      }
    } else if (dtype != null) { // Keras: "Cannot interpret `dtype` argument"; it was float32
      throw new KerasInitException("layer " + config + ": `dtype` = " + KerasInitException.describe(dtype)
          + "; Keras requires a dtype policy name (\"float32\", \"mixed_float16\"...) or a DTypePolicy dict");
    }
    String mode = quantizationMode(dtype, name);
    if (mode != null) {
      if (QUANTIZED_BUILDS.contains(config.className())) {
        throw new KerasInitException("layer " + config + " is not supported with the quantized dtype policy "
            + PythonText.abbreviate(PythonText.json(dtype)) + ": Keras then builds " + mode + " weights (an "
            + (mode.equals("float8") ? "float8 kernel's scales and amax histories" : "int8 kernel and its scale")
            + ") in place of the float ones, which keras-init does not materialize");
      }
      String source = sourceName(dtype, name);
      if (source == null) { // Keras: "Cannot convert `policy` into a valid pair (`mode`, `source_name`)"
        throw new KerasInitException("layer " + config + ": dtype policy " + PythonText.abbreviate(PythonText.json(
            dtype)) + " starts with the quantization mode " + mode + ", so Keras reads it as a quantized policy and"
            + " requires the form \"" + mode + "_from_<source>\" (\"" + mode + "_from_float32\")");
      }
      name = source; // other layers build as the policy's source, float32 or mixed_*
    }
    DType policy;
    if (name == null || name.startsWith("mixed_")) {
      policy = DType.FLOAT32;
    } else {
      try {
        policy = DType.of(name);
      } catch (KerasInitException e) {
        throw new KerasInitException("layer " + config + ": unsupported dtype policy \"" + name + "\": "
            + e.getMessage());
      }
    }
    return dtypeOverride != null && policy.isFloating() ? dtypeOverride : policy;
  }
}
