package io.github.kerasinit.model;

import io.github.kerasinit.model.layers.ApplicationLayers;
import io.github.kerasinit.model.layers.OpLayer;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.InnerLayers;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.LayerKeywords;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.layers.BatchNormalization;
import io.github.kerasinit.model.layers.Conv;
import io.github.kerasinit.model.layers.Dense;
import io.github.kerasinit.model.layers.EinsumDense;
import io.github.kerasinit.model.layers.Embedding;
import io.github.kerasinit.model.layers.GroupNormalization;
import io.github.kerasinit.model.layers.InputLayer;
import io.github.kerasinit.model.layers.LayerNormalization;
import io.github.kerasinit.model.layers.MultiHeadAttention;
import io.github.kerasinit.model.layers.NestedModel;
import io.github.kerasinit.model.layers.Normalization;
import io.github.kerasinit.model.layers.PReLU;
import io.github.kerasinit.model.layers.Recurrent;
import io.github.kerasinit.model.layers.ShapeLayer;
import io.github.kerasinit.model.layers.UnsupportedLayer;
import io.github.kerasinit.model.layers.WeightlessLayer;
import io.github.kerasinit.model.layers.Wrappers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Keras' {@code deserialize_keras_object} for layers: the class by name, its constructor, and, when the config
 * carries a {@code build_config} (Keras 3 files), the build right away, outside any name scope, as Keras does.
 */
public final class LayerFactory implements InnerLayers {
  private final ModelContext context;
  private final Map<String, BiFunction<LayerConfig, ModelContext, Layer>> constructors = new TreeMap<>();
  private final boolean keras2;
  private final LayerKeywords keywords;

  /** keras.applications' own layers, by module and class name. */
  private static final Map<String, BiFunction<LayerConfig, ModelContext, Layer>> APPLICATION_LAYERS = Map.of(
      ApplicationLayers.LayerScale.MODULE + ".LayerScale", ApplicationLayers.LayerScale::new,
      ApplicationLayers.CustomScaleLayer.MODULE + ".CustomScaleLayer", ApplicationLayers.CustomScaleLayer::new);

  /** For a model config read as Keras 3 reads it, or a Keras 2 one ({@code keras2}): see the other constructor. */
  public LayerFactory(ModelContext context, boolean keras2) {
    this(context, keras2, !keras2);
  }

  /**
   * @param keras2 whether the config uses Keras 2 conventions ({@link #keras2()})
   * @param keras3File whether a config key its class does not take is refused, as Keras 3 refuses it ({@link
   *     LayerKeywords}), or ignored with a warning, for a file Keras 3 would not load as it is (tf.keras 2, an .h5)
   */
  public LayerFactory(ModelContext context, boolean keras2, boolean keras3File) {
    this.context = context;
    this.keras2 = keras2;
    this.keywords = new LayerKeywords(keras3File, context);
    context.useInnerLayers(this);
    constructors.put("Dense", Dense::new);
    constructors.put("EinsumDense", EinsumDense::new);
    constructors.put("Embedding", Embedding::new);
    constructors.put("PReLU", PReLU::new);
    constructors.put("BatchNormalization", BatchNormalization::new);
    constructors.put("LayerNormalization", LayerNormalization::new);
    constructors.put("GroupNormalization", GroupNormalization::new);
    constructors.put("Normalization", Normalization::new);
    constructors.put("MultiHeadAttention", MultiHeadAttention::new);
    // Fully qualified, so that these registrations stay one block of added lines.
    constructors.put("RMSNormalization", io.github.kerasinit.model.layers.RMSNormalization::new);
    constructors.put("Attention", (c, x) -> new io.github.kerasinit.model.layers.Attention(c, x, false));
    constructors.put("AdditiveAttention", (c, x) -> new io.github.kerasinit.model.layers.Attention(c, x, true));
    for (int rank = 1; rank <= 3; rank++) {
      int r = rank;
      constructors.put("ConvLSTM" + r + "D", (c, x) -> new io.github.kerasinit.model.layers.ConvLSTM(c, x, r));
    }
    constructors.put("SpectralNormalization", io.github.kerasinit.model.layers.SpectralNormalization::new);
    constructors.put("GroupQueryAttention", io.github.kerasinit.model.layers.GroupQueryAttention::new);
    constructors.put("ReversibleEmbedding", (c, x) -> new Embedding(c, x, true));
    constructors.put("STFTSpectrogram", io.github.kerasinit.model.layers.StftSpectrogram::new);
    constructors.put("RNN", io.github.kerasinit.model.layers.Rnn::new);
    constructors.put("StackedRNNCells", io.github.kerasinit.model.layers.Rnn.StackedCells::new);
    constructors.put("SimpleRNNCell", (c, x) -> new Recurrent.Cell(c, x, Recurrent.Kind.SIMPLE_RNN));
    constructors.put("LSTMCell", (c, x) -> new Recurrent.Cell(c, x, Recurrent.Kind.LSTM));
    constructors.put("GRUCell", (c, x) -> new Recurrent.Cell(c, x, Recurrent.Kind.GRU));
    for (int rank = 1; rank <= 3; rank++) {
      int r = rank;
      constructors.put("Conv" + r + "D", (c, x) -> new Conv(c, x, Conv.Kind.CONV, r));
      constructors.put("Convolution" + r + "D", (c, x) -> new Conv(c, x, Conv.Kind.CONV, r));
      constructors.put("Conv" + r + "DTranspose", (c, x) -> new Conv(c, x, Conv.Kind.TRANSPOSE, r));
      constructors.put("Convolution" + r + "DTranspose", (c, x) -> new Conv(c, x, Conv.Kind.TRANSPOSE, r));
      if (r <= 2) {
        constructors.put("DepthwiseConv" + r + "D", (c, x) -> new Conv(c, x, Conv.Kind.DEPTHWISE, r));
        constructors.put("SeparableConv" + r + "D", (c, x) -> new Conv(c, x, Conv.Kind.SEPARABLE, r));
        constructors.put("SeparableConvolution" + r + "D", (c, x) -> new Conv(c, x, Conv.Kind.SEPARABLE, r));
      }
    }
    constructors.put("SimpleRNN", (c, x) -> new Recurrent(c, x, Recurrent.Kind.SIMPLE_RNN));
    constructors.put("LSTM", (c, x) -> new Recurrent(c, x, Recurrent.Kind.LSTM));
    constructors.put("GRU", (c, x) -> new Recurrent(c, x, Recurrent.Kind.GRU));
    constructors.put("Bidirectional", (c, x) -> new Wrappers.Bidirectional(c, x));
    constructors.put("TimeDistributed", (c, x) -> new Wrappers.TimeDistributed(c, x));
    constructors.put("InputLayer", InputLayer::new);
    for (String kind : ShapeLayerNames.all()) {
      constructors.put(kind, (c, x) -> new ShapeLayer(c, x, ShapeLayerNames.canonical(kind)));
    }
    for (String model : List.of("Functional", "Model", "Sequential")) {
      constructors.put(model, NestedModel::new);
    }
    // Weightless, seedless built-in layers, as python-parity/export_models.py enumerates keras.layers; a class with
    // its own implementation above (shape rules, weights under some options) keeps it.
    for (String kind : WeightlessLayer.classes()) {
      constructors.putIfAbsent(kind, WeightlessLayer::new);
    }
  }

  public ModelContext context() {
    return context;
  }

  /** Whether the model file uses Keras 2 conventions (inbound nodes as lists; nested models' node 0 internal). */
  public boolean keras2() {
    return keras2;
  }

  /** The supported layer class names. */
  public List<String> supported() {
    return new ArrayList<>(new TreeSet<>(constructors.keySet()));
  }

  /** Constructs a layer from its {class_name, config} dict and builds it if the dict has a build_config. */
  @Override
  public Layer deserialize(Map<String, Object> dict) {
    LayerConfig config = new LayerConfig(dict);
    // Keras 3 op nodes and keras.applications' own layers are recognised by their module: op Reshape is not layer
    // Reshape, and a user's LayerScale is not ConvNeXt's.
    Object module = dict.get("module");
    BiFunction<LayerConfig, ModelContext, Layer> constructor = OpLayer.isOp(module)
        ? (c, x) -> new OpLayer(c, x, (String) module)
        : APPLICATION_LAYERS.getOrDefault(module + "." + config.className(), constructors.get(config.className()));
    Layer layer;
    if (constructor == null) {
      if (!context.skipUnsupported()) {
        throw new KerasInitException("layer " + config + " is not supported: keras-init does not know the weights"
            + " of class \"" + config.className() + "\" (skip such layers with --skip-unsupported); supported: "
            + String.join(", ", supported()));
      }
      // Keras may draw seeds for it from Python's random stream (a custom layer's unseeded initializers); we cannot
      // know how many, so the set_random_seed replay is only exact up to here.
      context.skipped("skipped unsupported layer " + config + ": its weights are not materialized, and the seeds it"
          + " may draw from Python's random stream are unknown, so unseeded weights after it can differ from"
          + " Python's under set_random_seed (--seed)");
      layer = new UnsupportedLayer(config, context);
    } else {
      if (!OpLayer.isOp(module)) {
        keywords.check(config);
      }
      refuseLora(config);
      layer = constructor.apply(config, context);
    }
    Object buildShape = config.buildInputShape();
    Object shapesDict = buildShapesDict(dict);
    if (!(layer instanceof NestedModel) && !(layer instanceof UnsupportedLayer) && !(layer instanceof OpLayer)
        && (buildShape != null || shapesDict != null)) {
      List<long[]> built = shapesDict != null ? attentionShapes((Map<?, ?>) shapesDict) : Dims.parseShapes(buildShape);
      layer.ensureBuilt(built, "");
    }
    return layer;
  }

  /**
   * Dense, EinsumDense, Embedding and the convolutions with {@code lora_rank}: Keras' build then adds
   * {@code lora_kernel_a}/{@code _b} (or {@code lora_embeddings_*}) and makes the kernel non-trainable, which
   * keras-init does not do: refused rather than materialized short.
   */
  private static void refuseLora(LayerConfig config) {
    Object rank = config.raw("lora_rank");
    if (rank != null && !(rank instanceof Number)) { // Keras fails building its LoRA weights; it was ignored
      throw new KerasInitException("layer " + config + ": `lora_rank` = " + KerasInitException.describe(rank)
          + "; expected an integer or null");
    }
    if (rank instanceof Number && ((Number) rank).doubleValue() > 0) {
      throw new KerasInitException("layer " + config + " is not supported with `lora_rank` = " + rank
          + ": Keras then adds LoRA weights and freezes the kernel, which keras-init does not materialize");
    }
  }

  @Override
  public boolean readAsKeras3(LayerConfig config) {
    return keywords.readAsKeras3(config);
  }

  @Override
  public InnerLayers.Graph graph(Map<String, Object> modelDict) {
    return new ModelGraph(modelDict, this);
  }

  private static Object buildShapesDict(Map<String, Object> dict) {
    Object bc = dict.get("build_config");
    return bc instanceof Map ? ((Map<?, ?>) bc).get("shapes_dict") : null;
  }

  /**
   * A build_config's {@code shapes_dict}: Keras calls {@code build(**shapes_dict)}, so the values are the build
   * arguments by name (MultiHeadAttention: query_shape, value_shape[, key_shape]); an empty dict is {@code build()}.
   */
  private static List<long[]> attentionShapes(Map<?, ?> shapes) {
    List<long[]> out = new ArrayList<>();
    List<String> attention = List.of("query_shape", "value_shape", "key_shape");
    if (shapes.containsKey("query_shape")) {
      for (String k : attention) {
        if (shapes.get(k) != null) {
          out.add(Dims.parseShape(shapes.get(k)));
        }
      }
      return out;
    }
    for (Object v : shapes.values()) {
      if (v != null) {
        out.add(Dims.parseShape(v));
      }
    }
    return out;
  }

  /** The weightless layer names and their Keras 2 aliases ({@code MaxPool2D} for {@code MaxPooling2D}...). */
  static final class ShapeLayerNames {
    private static final Map<String, String> ALIASES = new TreeMap<>();

    static {
      for (String dims : List.of("1D", "2D", "3D")) {
        ALIASES.put("MaxPool" + dims, "MaxPooling" + dims);
        ALIASES.put("AvgPool" + dims, "AveragePooling" + dims);
        ALIASES.put("GlobalMaxPool" + dims, "GlobalMaxPooling" + dims);
        ALIASES.put("GlobalAvgPool" + dims, "GlobalAveragePooling" + dims);
      }
    }

    private ShapeLayerNames() {}

    static List<String> all() {
      List<String> names = new ArrayList<>();
      names.addAll(ShapeLayer.ELEMENTWISE);
      names.addAll(ShapeLayer.MERGE);
      names.addAll(ShapeLayer.SHAPING);
      names.addAll(ALIASES.keySet());
      return names;
    }

    static String canonical(String name) {
      return ALIASES.getOrDefault(name, name);
    }
  }
}
