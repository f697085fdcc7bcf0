package io.github.kerasinit.model;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.random.PythonRandom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * A Keras model config read as Keras 3 reads it, reduced to what initial weights need: every weight of
 * {@code model.weights}, in order, with its Keras path, shape, dtype and recipe.
 *
 * <pre>{@code
 * KerasModel model = KerasModel.load(Path.of("models/resnet50.json"), KerasModel.options().seed(42));
 * try (MaterializedWeights weights = model.materialize()) {
 *   TFloat32 kernel = (TFloat32) weights.get("conv1_conv/kernel");
 * }
 * Map<String, Operand<? extends TType>> init = model.initialValues(tf);   // ops in your own graph
 * }</pre>
 */
public final class KerasModel {
  private final String name;
  private final String className;
  private final boolean keras2;
  private final List<WeightSpec> weights;
  private final List<String> warnings;
  private final ModelGraph graph;
  private final Map<String, Object> config;
  private final String notArchivable; // why a .keras archive of config and weights would not be this model, or null

  private KerasModel(String className, boolean keras2, List<WeightSpec> weights, List<String> warnings,
      ModelGraph graph, Map<String, Object> config, String notArchivable) {
    this.name = graph.name();
    this.className = className;
    this.keras2 = keras2;
    this.weights = List.copyOf(weights);
    this.warnings = warnings;
    this.graph = graph;
    this.config = config;
    this.notArchivable = notArchivable;
  }

  /** Options for reading a model. */
  public static final class Options {
    Long seed;
    DType dtype;
    boolean skipUnsupported;

    /**
     * {@code keras.utils.set_random_seed(seed)} before Keras deserializes the model: unseeded initializers get the
     * seeds Python's {@code random} stream gives them, in Keras' order. Without it they draw from
     * {@link PythonRandom#global()}. As in Keras, the seed is 0 to 2^32 - 1.
     */
    public Options seed(long seed) {
      this.seed = PythonRandom.checkSetRandomSeed(seed);
      return this;
    }

    /** Creates every float weight in this dtype instead of the layers' dtype policies. */
    public Options dtype(DType dtype) {
      this.dtype = dtype;
      return this;
    }

    /** Skips layers keras-init does not know (with a warning) instead of failing. */
    public Options skipUnsupported(boolean skip) {
      this.skipUnsupported = skip;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  public static KerasModel load(Path file) {
    return load(file, options());
  }

  /** Reads a .json config, a .keras archive, a model directory ({@code zipped=False}) or a legacy .h5 file. */
  public static KerasModel load(Path file, Options options) {
    ModelFiles.ModelFile model = ModelFiles.load(file);
    return fromConfig(model.config(), options, model.hdf5());
  }

  /**
   * From a parsed model config ({@code json.loads(model.to_json())}). A key a layer's class does not take is refused
   * as Keras 3 refuses it, except in a config of Keras 2's form ({@code keras_version} 2.x, list inbound nodes, a
   * layer without {@code module}), where it is ignored with a warning.
   */
  public static KerasModel fromConfig(Map<String, Object> config, Options options) {
    return fromConfig(config, options, false);
  }

  /** {@code legacyFile}: from an .h5 file, whose unknown keys are ignored with a warning, as a Keras 2 config's. */
  private static KerasModel fromConfig(Map<String, Object> config, Options options, boolean legacyFile) {
    Object cls = config.get("class_name");
    if (!(cls instanceof String) || !Set.of("Sequential", "Functional", "Model").contains(cls)) {
      throw new KerasInitException("not a Keras model config: class_name is " + KerasInitException.describe(cls)
          + "; expected Sequential, Functional or Model (the output of model.to_json() or a .keras config.json)");
    }
    PythonRandom random = options.seed != null ? new PythonRandom(options.seed) : PythonRandom.global();
    ModelContext context = new ModelContext(random, options.dtype, options.skipUnsupported);
    boolean keras2 = isKeras2(config);
    LayerFactory factory = new LayerFactory(context, keras2, !keras2 && !legacyFile);
    ModelGraph graph = new ModelGraph(config, factory);
    graph.run(null);
    List<WeightSpec> weights = new ArrayList<>();
    Set<Object> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Layer layer : graph.layers()) {
      layer.collectWeights(weights, seen);
    }
    String notArchivable = keras2 || legacyFile ? "its config is in Keras 2's form or from a legacy .h5 file, which"
        + " Keras 3's load_model does not read from a .keras archive"
        : options.dtype != null ? "--dtype makes weights of another dtype than its layers' configs say"
        : context.skippedLayers() > 0 ? context.skippedLayers() + " of its layers were skipped (--skip-unsupported),"
        + " so their weights are missing" : null;
    return new KerasModel((String) cls, keras2, weights, context.warnings(), graph, config, notArchivable);
  }

  /** Keras 2 files carry a "keras_version" 1.x/2.x, or write inbound nodes as lists. */
  static boolean isKeras2(Map<String, Object> config) {
    Object version = config.get("keras_version");
    if (version instanceof String && (((String) version).startsWith("2.") || ((String) version).startsWith("1."))) {
      return true;
    }
    return containsListNode(config.get("config"));
  }

  private static boolean containsListNode(Object node) {
    if (node instanceof Map) {
      Object inbound = ((Map<?, ?>) node).get("inbound_nodes");
      if (inbound instanceof List && !((List<?>) inbound).isEmpty() && ((List<?>) inbound).get(0) instanceof List) {
        return true;
      }
      for (Object v : ((Map<?, ?>) node).values()) {
        if (containsListNode(v)) {
          return true;
        }
      }
    } else if (node instanceof List) {
      for (Object v : (List<?>) node) {
        if (containsListNode(v)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The model's own layers (not those inside nested models and wrappers), in config order. */
  public List<Layer> layers() {
    return graph.layers();
  }

  /** Keras' {@code model.layers}: {@link #layers()} less a Sequential's InputLayer and Functional op nodes. */
  public List<Layer> modelLayers() {
    return graph.modelLayers();
  }

  /**
   * The names of the layers whose outputs {@code layer} (one of {@link #layers()}) takes, over all its calls: the
   * layer before it in a Sequential, what its inbound nodes name in a Functional model, none for an input.
   */
  public List<String> inputsOf(Layer layer) {
    return graph.inputsOf(layer);
  }

  public String name() {
    return name;
  }

  /** Sequential, Functional or Model. */
  public String className() {
    return className;
  }

  /** Whether the config was written by Keras 2 (or tf.keras). */
  public boolean isKeras2() {
    return keras2;
  }

  /** Keras' {@code model.weights}: path, shape, dtype and recipe of each, in order. */
  public List<WeightSpec> weights() {
    return weights;
  }

  /**
   * The model's config as read, for a {@code .keras} archive of it and its initial weights; refused naming why where
   * Keras' {@code load_model} would not give this model back from that archive (a Keras 2 config, another dtype, a
   * skipped layer).
   */
  public Map<String, Object> configForArchive(String what) {
    if (notArchivable != null) {
      throw new KerasInitException(what + ": a .keras archive holds the model's config and its weights, and "
          + "model \"" + name + "\" cannot be written so: " + notArchivable + "; write its weights alone (.weights.h5,"
          + " .h5, .safetensors or .npz)");
    }
    return Collections.unmodifiableMap(config);
  }

  /** Layers skipped and other things the user should know. */
  public List<String> warnings() {
    return warnings;
  }

  public long parameterCount() {
    return weights.stream().mapToLong(WeightSpec::size).sum();
  }

  public long byteCount() {
    return weights.stream().mapToLong(w -> w.size() * w.dtype().byteSize()).sum();
  }

  /**
   * The ops that make every initial value, in the caller's graph or eager session, by Keras path; refused when two
   * weights share a path (see {@link #requireUniquePaths(String)}).
   */
  public Map<String, Operand<? extends TType>> initialValues(Ops tf) {
    requireUniquePaths("initialValues, a map by path,");
    Map<String, Operand<? extends TType>> out = new LinkedHashMap<>();
    for (WeightSpec w : weights) {
      out.put(w.path(), w.init().build(tf, w.shape(), w.dtype()));
    }
    return out;
  }

  /**
   * Refuses a model in which two weights share a Keras path, for {@code what} (a map or file keyed by path): Keras
   * gives both weights of nested models that reuse a layer name the same path, and its own path-keyed
   * {@code get_state_tree()} refuses such a model. The weights themselves are fine: {@link #weights()} lists each.
   */
  public void requireUniquePaths(String what) {
    requireUniquePaths(weights, what);
  }

  static void requireUniquePaths(List<WeightSpec> weights, String what) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (WeightSpec w : weights) {
      counts.merge(w.path(), 1, Integer::sum);
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > 1) {
        throw new KerasInitException(what + " needs unique weight paths, and " + sharedPathMessage(e.getKey(),
            e.getValue()) + "; Keras' get_state_tree() refuses such a model too: give the layers unique names");
      }
    }
  }

  static String sharedPathMessage(String path, int count) {
    String layer = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : path;
    return count + " weights have the path \"" + path + "\" (nested models that reuse the layer name \"" + layer
        + "\"?)";
  }

  /** Every initial value as a tensor: one graph, one Session.run, ops where TF places them (a GPU if there is one). */
  public MaterializedWeights materialize() {
    return Materializer.run(weights, null);
  }

  /**
   * As {@link #materialize()}, with every op on {@code device} ({@code "/GPU:0"}, {@code "/CPU:0"}); a device this
   * process does not have is an error, and no op silently falls back to the CPU.
   */
  public MaterializedWeights materialize(String device) {
    return Materializer.run(weights, device);
  }

  /**
   * Materializes some of this model's weights (a subset of {@link #weights()}, in any order) in one graph: the CLI
   * makes a large model in groups, to show progress and bound peak memory.
   */
  public MaterializedWeights materialize(List<WeightSpec> subset, String device) {
    return Materializer.run(subset, device);
  }

  @Override
  public String toString() {
    return className + " \"" + name + "\": " + weights.size() + " weights, " + parameterCount() + " parameters";
  }
}
