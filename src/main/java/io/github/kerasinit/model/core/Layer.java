package io.github.kerasinit.model.core;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras layer as far as initial weights go: constructed from its config (initializers resolved in Keras'
 * constructor order, so unseeded ones draw their seeds in Keras' order), built once with its input shapes (weights
 * created in Keras' build order), called for its output shapes.
 *
 * <p>{@link #weights()} lists weights as Keras' {@code layer.weights} does: this layer's trainable weights, its
 * non-trainable ones, then each tracked sublayer's, recursively.
 */
public abstract class Layer {
  protected final LayerConfig config;
  protected final ModelContext context;
  private final String name;
  private DType variableDtype; // resolved on first use: a weightless layer may have any dtype ("string")
  private final boolean trainable;
  private final List<WeightSpec> trainableWeights = new ArrayList<>();
  private final List<WeightSpec> nonTrainableWeights = new ArrayList<>();
  private final List<Layer> sublayers = new ArrayList<>();
  /** The Python attribute each sublayer is assigned to, for Keras' weights file tree. */
  private final java.util.Map<Layer, String> attributes = new java.util.IdentityHashMap<>();
  private final List<SavedChild> weightlessChildren = new ArrayList<>();
  private String path;
  private boolean built;

  protected Layer(LayerConfig config, ModelContext context) {
    this(config, context, null);
  }

  /** A layer whose name is fixed by its parent (an RNN's {@code lstm_cell}), not by its config. */
  protected Layer(LayerConfig config, ModelContext context, String fixedName) {
    this.config = config;
    this.context = context;
    this.name = fixedName != null ? fixedName
        : config.name() != null ? config.name() : context.autoName(config.className());
    this.trainable = config.bool("trainable", true);
    KerasCallables.check(config, "\"" + this.name + "\" (" + config.className() + ")");
  }

  public String name() {
    return name;
  }

  public String className() {
    return config.className();
  }

  public LayerConfig config() {
    return config;
  }

  public boolean isBuilt() {
    return built;
  }

  /** The name scope the weights were created in: {@code "dense"}, {@code "multi_head_attention/query"}. */
  public String path() {
    return path;
  }

  /** The dtype of this layer's weights: its dtype policy's variable dtype, or the override for a float one. */
  protected DType variableDtype() {
    if (variableDtype == null) {
      variableDtype = context.variableDtype(config);
    }
    return variableDtype;
  }

  /**
   * Builds this layer for its input shapes unless it is built: inside {@code scope} (the name scope of whatever
   * builds it: "" at the top level, a wrapper's path for layers a wrapper builds).
   */
  public final void ensureBuilt(List<long[]> inputs, String scope) {
    if (built) {
      return;
    }
    path = scope.isEmpty() ? name : scope + "/" + name;
    try {
      build(inputs);
    } catch (KerasInitException e) {
      throw e;
    } catch (RuntimeException e) {
      throw cannotTake("build with", inputs, e);
    }
    built = true;
  }

  /** Keras' {@code __call__} for shapes: builds on first use, then returns the output shapes. */
  public final List<long[]> call(List<long[]> inputs, String scope) {
    return call(inputs, scope, Map.of());
  }

  /**
   * As {@link #call(List, String)}, with the call's keyword arguments as the config's inbound node records them
   * ({@code return_attention_scores}, ReversibleEmbedding's {@code reverse}): some change the outputs' shapes.
   */
  public final List<long[]> call(List<long[]> inputs, String scope, Map<String, ?> callArgs) {
    ensureBuilt(inputs, scope);
    try {
      return computeOutputShapes(inputs, callArgs);
    } catch (KerasInitException e) {
      throw e;
    } catch (RuntimeException e) {
      throw cannotTake("be called on", inputs, e);
    }
  }

  /**
   * A layer given input shapes its code cannot take (a wrong rank, a missing dim, a config that does not fit them),
   * as a user's error naming the layer and the shapes; the Java exception stays the cause, for --verbose.
   */
  private KerasInitException cannotTake(String what, List<long[]> inputs, RuntimeException cause) {
    return new KerasInitException("layer " + this + ": cannot " + what + " input shapes " + formatShapes(inputs)
        + " (its config " + PythonText.abbreviate(PythonText.json(config.values())) + ")", cause);
  }

  /** Creates the weights in Keras' order; weightless layers keep the default. */
  protected void build(List<long[]> inputs) {}

  /** The output shapes for these input shapes. */
  protected abstract List<long[]> computeOutputShapes(List<long[]> inputs);

  /** The output shapes of a call with these keyword arguments; most layers' shapes do not depend on them. */
  protected List<long[]> computeOutputShapes(List<long[]> inputs, Map<String, ?> callArgs) {
    return computeOutputShapes(inputs);
  }

  /** A boolean keyword argument of the call ({@code return_attention_scores=True}); absent or null is false. */
  protected static boolean callFlag(Map<String, ?> callArgs, String key) {
    return Boolean.TRUE.equals(callArgs.get(key));
  }

  /** {@code add_weight(name, shape, initializer, trainable)} with the layer's variable dtype. */
  protected final WeightSpec addWeight(String weightName, long[] shape, WeightInit init, boolean isTrainable) {
    return addWeight(weightName, shape, init, isTrainable, variableDtype());
  }

  protected final WeightSpec addWeight(String weightName, long[] shape, WeightInit init, boolean isTrainable,
      DType dtype) {
    for (long d : shape) {
      if (d < 0) {
        throw new KerasInitException("layer " + this + ": weight \"" + weightName + "\" would have shape "
            + Dims.format(shape) + ", which is not fully defined; the layer's input shape must be known there");
      }
    }
    WeightSpec spec = new WeightSpec(path + "/" + weightName, shape, dtype, isTrainable && trainable, init);
    (isTrainable ? trainableWeights : nonTrainableWeights).add(spec);
    return spec;
  }

  /**
   * The name Keras gives a weight made without one ({@code add_weight(shape=...)}): {@code variable},
   * {@code variable_1}, ..., counted over the whole model in build order, as Keras' {@code auto_name} counts.
   */
  protected final String unnamedWeightName() {
    return context.autoName("Variable");
  }

  /** Tracks a sublayer, as Keras does when a layer assigns one to an attribute. */
  /**
   * A wrapper's {@code layer} (Bidirectional, TimeDistributed, SpectralNormalization), deserialized as Keras'
   * {@code from_config} does before the wrapper exists; a config without it is refused naming this layer.
   */
  protected final Layer wrappedLayer() {
    Map<String, Object> inner = config.layerDict("layer");
    if (inner == null) {
      throw new KerasInitException("layer " + this + ": missing the wrapped `layer`");
    }
    return context.innerLayers().deserialize(inner);
  }

  protected final <L extends Layer> L track(L sublayer) {
    sublayers.add(sublayer);
    return sublayer;
  }

  /** Tracks a sublayer that Keras assigns to {@code attribute} ({@code self.cell = ...}). */
  protected final <L extends Layer> L track(String attribute, L sublayer) {
    attributes.put(sublayer, attribute);
    return track(sublayer);
  }

  /**
   * A weightless sublayer Keras makes and keras-init does not model (MultiHeadAttention's {@code self._softmax =
   * Softmax(...)}): its name is Keras' auto name, counted here in Keras' order; the weights file has an empty group.
   */
  protected final void trackWeightless(String attribute, String className) {
    trackWeightless(attribute, className, context.autoName(className));
  }

  /** As {@link #trackWeightless(String, String)}, for a sublayer Keras gives an explicit {@code name}. */
  protected final void trackWeightless(String attribute, String className, String name) {
    weightlessChildren.add(SavedChild.weightless(attribute, className, name));
  }

  /**
   * The attributes Keras' weights saving visits below this layer ({@code saving_lib._walk_saveable}), in its order;
   * a layer tracked without an attribute name is an error of ours, caught by the weights-file tests.
   */
  public List<SavedChild> savedChildren() {
    List<SavedChild> out = new ArrayList<>(weightlessChildren);
    for (Layer sub : sublayers) {
      String attribute = attributes.get(sub);
      if (attribute == null) {
        throw new IllegalStateException("layer " + this + " tracks " + sub + " without its Keras attribute name");
      }
      out.add(SavedChild.layer(attribute, sub));
    }
    out.sort(SavedChild::compare);
    return out;
  }

  /**
   * The weights {@code save_own_variables} writes for this layer, in order ({@code vars/0}, {@code vars/1}...):
   * Keras' {@code _trainable_variables + _non_trainable_variables}, this layer's own, not its sublayers'.
   */
  public List<WeightSpec> savedVariables() {
    List<WeightSpec> out = new ArrayList<>(trainableWeights);
    out.addAll(nonTrainableWeights);
    return out;
  }

  /** The Python class Keras makes for this layer's config: aliases resolved ({@code Convolution2D} is Conv2D). */
  public String kerasClassName() {
    return PythonClasses.of(config.className());
  }

  protected final List<Layer> sublayers() {
    return Collections.unmodifiableList(sublayers);
  }

  /** Keras' {@code layer.weights}. */
  public final List<WeightSpec> weights() {
    List<WeightSpec> out = new ArrayList<>();
    collectWeights(out, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    return out;
  }

  /** Adds this layer's weights and its sublayers', each layer once: {@code seen} spans a whole model (shared layers). */
  public void collectWeights(List<WeightSpec> out, Set<Object> seen) {
    for (WeightSpec w : trainableWeights) {
      if (seen.add(w)) {
        out.add(w);
      }
    }
    for (WeightSpec w : nonTrainableWeights) {
      if (seen.add(w)) {
        out.add(w);
      }
    }
    for (Layer sub : sublayers) {
      sub.collectWeights(out, seen);
    }
  }

  /**
   * {@code initializers.get(config[key])}, or the Keras default when absent. Called from constructors in Keras'
   * order: an unseeded initializer draws its seed here.
   */
  protected final KerasInitializer initializer(String key, Object keras3Default) {
    Object value = config.raw(key);
    try {
      KerasInitializer init = Initializers.get(value != null ? value : keras3Default, context.random());
      if (init == null) {
        throw new KerasInitException("no initializer");
      }
      return init;
    } catch (KerasInitException e) {
      throw new KerasInitException("layer " + this + ", `" + key + "`: " + e.getMessage(), e);
    }
  }

  /**
   * Keras' {@code SeedGenerator(seed)}: an unseeded one draws {@code random.randint(1, 10**9)} from the model's Python
   * random stream when it is made. It creates no weight; only the draw matters for the seeds that follow.
   */
  protected final void seedGenerator(Object seed) {
    if (seed == null) {
      context.random().makeDefaultSeed();
    }
  }

  /** The single input of a one-input layer. */
  protected final long[] single(List<long[]> inputs) {
    if (inputs.size() != 1) {
      throw new KerasInitException("layer " + this + " takes one input, got " + inputs.size() + ": "
          + formatShapes(inputs));
    }
    return inputs.get(0);
  }

  /**
   * Keras' InputSpec check of a layer's input rank ({@code InputSpec(ndim=4)} of MaxPooling2D, Cropping2D...), in
   * Keras' words: a rank-3 input made those layers' shape rules read the wrong axes.
   */
  protected final void checkNdim(long[] shape, int ndim) {
    if (shape.length != ndim) {
      throw new KerasInitException("Input 0 of layer \"" + name + "\" (" + className() + ") is incompatible with the"
          + " layer: expected ndim=" + ndim + ", found ndim=" + shape.length + ". Full shape received: "
          + Dims.format(shape));
    }
  }

  /**
   * Keras' InputSpec check of a built layer called on {@code shape}: the {@code axis} it was built with (Dense's last,
   * a convolution's channels) must have the same size, in Keras' words. A config whose shapes contradict each other
   * (a build_config of 256 inputs, a layer before it of 999 units) is refused as Keras refuses it, not made with
   * one of the two.
   */
  protected final void checkBuiltAxis(long[] shape, int axis, long built) { // built < 0: not built, nothing to hold
    int a = axis < 0 ? shape.length + axis : axis;
    if (built >= 0 && a >= 0 && a < shape.length && shape[a] != Dims.UNKNOWN && shape[a] != built) {
      throw new KerasInitException("Input 0 of layer \"" + name + "\" (" + className() + ") is incompatible with the"
          + " layer: expected axis " + axis + " of input shape to have value " + built + ", but received input with"
          + " shape " + Dims.format(shape));
    }
  }

  /** {@link InnerLayers#readAsKeras3} of this layer's config: false where no factory made it (a test's layer). */
  protected final boolean readAsKeras3() {
    InnerLayers factory = context.innerLayers();
    return factory != null && factory.readAsKeras3(config);
  }

  /**
   * A normalization layer's {@code axis}, null when absent (the layer's default). In a config Keras 3 reads as
   * written ({@link InnerLayers#readAsKeras3}) a null axis is refused, as its constructor fails on one, and where
   * {@code oneInt} (BatchNormalization's {@code int(axis)}, GroupNormalization's {@code input_shape[axis]}) so is a
   * list. Keras 3's legacy loader, which reads Keras 2 configs, drops a null axis (the default stays) and unwraps a
   * one-element list, so there both are taken; it also drops an axis list of two or more, which keras-init keeps as
   * the file gives it (docs/reliability.md lists that difference).
   */
  protected final List<Long> normalizationAxis(boolean oneInt) {
    Object v = config.raw("axis");
    if (readAsKeras3() && config.values().containsKey("axis") && (v == null || oneInt && v instanceof List)) {
      throw new KerasInitException("layer " + this + ": `axis` = " + PythonText.json(v) + "; Keras 3 requires "
          + (oneInt ? "an int" : "an int or a list of ints") + " (a null" + (oneInt ? " or one-element list" : "")
          + " axis is taken only in a config of Keras 2's form, whose legacy loader reads it)");
    }
    List<Long> axes = config.axes("axis");
    if (oneInt && axes != null && axes.size() != 1) {
      throw new KerasInitException("layer " + this + ": `axis` = " + PythonText.json(v) + "; expected one axis");
    }
    return axes;
  }

  /** The last dim, which must be known for a weight to depend on it. */
  protected final long lastDim(long[] shape) {
    if (shape.length == 0 || shape[shape.length - 1] == Dims.UNKNOWN) {
      throw new KerasInitException("layer " + this + " needs a known last input dimension, got input shape "
          + Dims.format(shape));
    }
    return shape[shape.length - 1];
  }

  protected static List<long[]> one(long[] shape) {
    return List.of(shape);
  }

  protected static String formatShapes(List<long[]> shapes) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shapes.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(Dims.format(shapes.get(i)));
    }
    return sb.append(']').toString();
  }

  @Override
  public String toString() {
    return "\"" + name + "\" (" + className() + ")";
  }
}
