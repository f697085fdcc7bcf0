package io.github.kerasinit.model.core;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
  private int skippedLayers;
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

  /** Records that a layer keras-init does not know was skipped (--skip-unsupported): its weights are missing. */
  public void skipped(String message) {
    skippedLayers++;
    warn(message);
  }

  /** How many layers were skipped. */
  public int skippedLayers() {
    return skippedLayers;
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

  /**
   * The dtype a layer creates its weights in: its dtype policy's variable dtype ({@code "mixed_float16"} and
   * {@code "mixed_bfloat16"} keep float32 variables), float32 when absent. An int or bool policy ({@code "int32"})
   * gives weights of that dtype, as in Keras, whose initializers then draw ints or refuse the dtype as Keras'
   * refuse it. A quantized policy builds as its source, except where Keras then builds quantized weights
   * ({@link QuantizedPolicy}). The override replaces float dtypes only: it never turns an int weight into a float one.
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
    name = QuantizedPolicy.buildName(config, dtype, name);
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
