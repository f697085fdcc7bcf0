package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerClasses;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A built-in Keras layer with no weights whose construction draws no seeds (Discretization, StringLookup, Lambda...):
 * nothing to materialize and nothing that moves Python's random stream, so it only has to pass shapes on. Which
 * classes these are is never guessed here: it is the enumeration {@code python-parity/export_models.py} makes of
 * every {@code keras.layers} class ({@link LayerClasses}).
 *
 * <p>Its output shape is the one the file records where a consumer reads it (Keras 3 files record every tensor a
 * layer is called on), else a simple rule where Keras' own {@code compute_output_shape} is simple; a shape needed
 * with neither is an error naming the layer.
 */
public final class WeightlessLayer extends Layer {
  /** What gives a Lambda's output shape where keras-init has none ({@link LambdaOutputShape}). */
  public static final String LAMBDA_HINT = "keras-init does not run a Lambda's Python function; give the Lambda the"
      + " `output_shape` Keras' Lambda takes, a list of its dims without the batch dim";
  private static final Set<String> CLASSES = LayerClasses.weightlessSeedless();
  /** The weightless classes the enumeration saw draw seeds (Dropout, RandomFlip...): allowed in a Pipeline. */
  private static final Set<String> DRAWING = LayerClasses.weightlessDrawing();

  public WeightlessLayer(LayerConfig config, ModelContext context) {
    super(config, context);
    refuseWeights(config);
    // a class the enumeration saw seedless (its saved config has an int seed) may draw with seed null: RandomCrop
    for (int i = SeedDraws.of(config); i > 0; i--) {
      seedGenerator(null);
    }
    if ("TextVectorization".equals(config.className())) {
      trackWeightless("_lookup_layer", "StringLookup"); // its __init__ makes an unnamed StringLookup
    }
  }

  /** The keras.layers class names (aliases included) the enumeration found with no weights and no seed draws. */
  public static Set<String> classes() {
    return CLASSES;
  }

  /**
   * The options under which a class the enumeration saw weightless does have weights (the enumeration builds each
   * class with its defaults): refused by name rather than materialized wrong.
   */
  private static void refuseWeights(LayerConfig config) {
    String why = null;
    switch (config.className()) {
      case "Attention":
        if (config.bool("use_scale", false)) {
          why = "use_scale=True gives it a \"scale\" weight";
        } else if ("concat".equals(config.string("score_mode", "dot"))) {
          why = "score_mode=\"concat\" gives it a \"concat_score_weight\" weight";
        }
        break;
      case "Pipeline":
        why = pipelineRefusal(config);
        break;
      default:
        break;
    }
    if (why != null) {
      throw new KerasInitException("layer " + config + " is not supported: " + why
          + " (keras-init materializes weightless layers of this class only)");
    }
  }

  /**
   * Why a Pipeline is refused, or null: each of its layers (nested Pipelines too) must be a weightless built-in
   * layer, seedless or one whose seed draws {@link SeedDraws} knows (RandomFlip, Dropout...).
   */
  private static String pipelineRefusal(LayerConfig config) {
    Object inner = config.raw("layers");
    if (!(inner instanceof List)) {
      return "its `layers` is not a list of layers";
    }
    List<LayerConfig> layers = SeedDraws.pipelineLayers(config);
    if (layers.size() != ((List<?>) inner).size()) {
      return "an entry of its `layers` is not a {class_name, config} layer";
    }
    for (LayerConfig layer : layers) {
      String name = layer.className();
      if (!CLASSES.contains(name) && !DRAWING.contains(name)) {
        return "its layer of class \"" + name + "\" is not a weightless built-in layer";
      }
      String nested = name.equals("Pipeline") ? pipelineRefusal(layer) : null;
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs, Map<String, ?> callArgs) {
    if (className().equals("Attention") && inputs.size() >= 2 && inputs.size() <= 3) {
      return Attention.withScores(inputs, callArgs);
    }
    return computeOutputShapes(inputs);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    if (className().equals("Lambda")) {
      return LambdaOutputShape.of(config, inputs);
    }
    if (inputs.size() != 1) {
      return null; // HashedCrossing...: the recorded shape
    }
    long[] in = inputs.get(0);
    String mode = config.string("output_mode", "int");
    switch (className()) {
      case "Discretization":
      case "Hashing":
      case "IntegerLookup":
      case "StringLookup":
        return "int".equals(mode) ? one(in.clone()) : null;
      case "ContrastLimitedAdaptiveHistogramEqualization":
        return one(in.clone());
      case "CategoryEncoding":
        return one(categoryEncoding(in, mode, config.requiredPositive("num_tokens")));
      case "TextVectorization": {
        long length = config.integer("output_sequence_length", 0);
        // int mode pads or truncates to output_sequence_length; without it the length depends on the text
        return "int".equals(mode) && length > 0 && in.length <= 2 && (in.length < 2 || in[1] == 1)
            ? one(new long[] {in[0], length}) : null;
      }
      case "Resizing":
      case "CenterCrop":
      case "RandomCrop":
        return resizedOrNull(in);
      default:
        return null; // the recorded shape, or an error naming this layer where a consumer needs it
    }
  }

  /** A batch of images resized or cropped to height x width; null (the recorded shape) for another rank. */
  private List<long[]> resizedOrNull(long[] in) {
    return in.length == 4 ? one(resized(in)) : null;
  }

  private long[] resized(long[] in) {
    long h = config.requiredPositive("height");
    long w = config.requiredPositive("width");
    boolean first = config.channelsFirst();
    return first ? new long[] {in[0], in[1], h, w} : new long[] {in[0], h, w, in[3]};
  }

  /** Keras' CategoryEncoding.compute_output_shape. */
  private static long[] categoryEncoding(long[] in, String mode, long tokens) {
    if (in.length == 0) {
      return new long[] {tokens};
    }
    if ("one_hot".equals(mode) && (in[in.length - 1] != 1 || in.length == 1)) {
      return Dims.concat(in, tokens);
    }
    long[] out = in.clone();
    out[out.length - 1] = tokens;
    return out;
  }
}
