package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.catalog.VarianceScaling;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code EinsumDense(equation, output_shape, bias_axes=None, kernel_initializer="glorot_uniform",
 * bias_initializer="zeros")}. Shapes from Keras' {@code _analyze_einsum_string}. A VarianceScaling-family kernel
 * initializer without fan axes gets the equation's input and output axes (Keras 3.15), keeping its seed.
 */
public final class EinsumDense extends Layer {
  private static final Pattern PLAIN = Pattern.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
  private static final Pattern LEFT = Pattern.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
  private static final Pattern RIGHT = Pattern.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");

  private final String equation;
  private final List<Long> partialOutputShape;
  private final String biasAxes;
  private final KerasInitializer kernelInitializer;
  private final KerasInitializer biasInitializer;

  public EinsumDense(LayerConfig config, ModelContext context) {
    super(config, context);
    equation = config.string("equation", null);
    if (equation == null) {
      throw new KerasInitException("layer " + this + ": missing `equation`");
    }
    partialOutputShape = config.intList("output_shape");
    biasAxes = config.string("bias_axes", null);
    kernelInitializer = initializer("kernel_initializer", "glorot_uniform");
    biasInitializer = initializer("bias_initializer", "zeros");
  }

  /** A sublayer of MultiHeadAttention, with initializers it already holds (clones of its own). */
  EinsumDense(LayerConfig parentConfig, ModelContext context, String name, String equation, List<Long> outputShape,
      String biasAxes, KerasInitializer kernel, KerasInitializer bias) {
    super(parentConfig, context, name);
    this.equation = equation;
    this.partialOutputShape = outputShape;
    this.biasAxes = biasAxes;
    this.kernelInitializer = kernel;
    this.biasInitializer = bias;
  }

  @Override
  protected void build(List<long[]> inputs) {
    Analysis a = analyze(single(inputs));
    KerasInitializer kernel = kernelInitializer;
    if (kernel instanceof VarianceScaling
        && (((VarianceScaling) kernel).inputAxes() == null || ((VarianceScaling) kernel).outputAxes() == null)) {
      kernel = ((VarianceScaling) kernel).withFanAxes(a.inputAxes, a.outputAxes);
    }
    addWeight("kernel", a.kernelShape, WeightInit.of(kernel), true);
    if (a.biasShape != null) {
      addWeight("bias", a.biasShape, WeightInit.of(biasInitializer), true);
    }
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(analyze(single(inputs)).outputShape);
  }

  /** Keras' {@code compute_output_shape}, for MultiHeadAttention. */
  long[] outputShape(long[] input) {
    return analyze(input).outputShape;
  }

  /** What {@code _analyze_einsum_string} returns. */
  static final class Analysis {
    long[] kernelShape;
    long[] biasShape;
    long[] outputShape;
    List<Integer> inputAxes = new ArrayList<>();
    List<Integer> outputAxes = new ArrayList<>();
  }

  private Analysis analyze(long[] inputShape) {
    String dotted = equation.replace("...", "0");
    Matcher m = PLAIN.matcher(dotted);
    boolean leftElided = false;
    if (!m.lookingAt()) {
      m = LEFT.matcher(dotted);
      leftElided = true;
      if (!m.lookingAt()) {
        m = RIGHT.matcher(dotted);
        leftElided = false;
        if (!m.lookingAt()) {
          throw new KerasInitException("layer " + this + ": invalid einsum equation '" + equation + "'; allowed:"
              + " [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]...");
        }
      }
    }
    String inputSpec = m.group(1);
    String weightSpec = m.group(2);
    String outputSpec = m.group(3);
    int elided = inputShape.length - inputSpec.length();
    List<Long> output = new ArrayList<>(partialOutputShape == null ? List.of() : partialOutputShape);
    output.add(0, inputShape[0]);
    if (elided > 0 && leftElided) {
      for (int i = 1; i < elided; i++) {
        output.add(1, inputShape[i]); // Keras inserts each at position 1
      }
    } else if (elided > 0) {
      for (int i = inputShape.length - elided; i < inputShape.length; i++) {
        output.add(inputShape[i]);
      }
    }
    Map<Character, Integer> inputMap = new HashMap<>();
    Map<Character, Integer> outputMap = new HashMap<>();
    for (int i = 0; i < inputSpec.length(); i++) {
      inputMap.put(inputSpec.charAt(i), leftElided ? (i + elided) - inputShape.length : i);
    }
    for (int i = 0; i < outputSpec.length(); i++) {
      outputMap.put(outputSpec.charAt(i), leftElided ? i + elided : i);
    }
    // Dims shared with the input: a size the output gives must be the input's (Keras' check). One the output leaves
    // unknown stays unknown: Keras' compute_output_shape, which a call on symbolic tensors uses, does not fill it in.
    for (char dim : inputSpec.toCharArray()) { // in the input spec's order, as Keras checks them
      Integer in = inputMap.get(dim);
      Integer out = outputMap.get(dim);
      if (out == null) {
        continue;
      }
      long inputDim = inputShape[in < 0 ? in + inputShape.length : in];
      long outputDim = output.get(out);
      if (outputDim != Dims.UNKNOWN && outputDim != inputDim) {
        throw new KerasInitException("layer " + this + ": input shape and output shape do not match at shared"
            + " dimension '" + dim + "' of '" + equation + "', as Keras requires: input shape is "
            + (inputDim == Dims.UNKNOWN ? "None" : inputDim) + ", and `output_shape` says " + outputDim);
      }
    }
    Analysis a = new Analysis();
    a.kernelShape = new long[weightSpec.length()];
    for (int i = 0; i < weightSpec.length(); i++) {
      char dim = weightSpec.charAt(i);
      if (outputMap.containsKey(dim)) {
        a.kernelShape[i] = output.get(outputMap.get(dim));
        a.outputAxes.add(i);
      } else if (inputMap.containsKey(dim)) {
        int idx = inputMap.get(dim);
        a.kernelShape[i] = inputShape[idx < 0 ? idx + inputShape.length : idx];
        a.inputAxes.add(i);
      } else {
        throw new KerasInitException("layer " + this + ": weight dimension '" + dim + "' of '" + equation
            + "' matches neither the input nor the output");
      }
    }
    if (biasAxes != null) {
      int leftOffset = leftElided ? elided : 0;
      int first = Integer.MAX_VALUE;
      for (char c : biasAxes.toCharArray()) {
        int at = outputSpec.indexOf(c);
        if (at < 0) {
          throw new KerasInitException("layer " + this + ": bias axis '" + c + "' is not in the output '" + outputSpec
              + "'");
        }
        first = Math.min(first, at);
      }
      List<Long> bias = new ArrayList<>();
      for (int i = first; i < outputSpec.length(); i++) {
        char c = outputSpec.charAt(i);
        bias.add(biasAxes.indexOf(c) >= 0 ? output.get(i + leftOffset) : 1L);
      }
      if (!leftElided) {
        for (int i = 0; i < elided; i++) {
          bias.add(1L);
        }
      }
      a.biasShape = bias.stream().mapToLong(Long::longValue).toArray();
    }
    a.outputShape = output.stream().mapToLong(Long::longValue).toArray();
    return a;
  }

  /** MultiHeadAttention's {@code output_shape}: an int, or a list of ints and nulls; {@code owner} names the layer. */
  static List<Long> partial(Object outputShape, Object owner) {
    if (outputShape == null) {
      return List.of();
    }
    if (PyValues.isInt(outputShape)) {
      return List.of(PyValues.toLongExact(outputShape, "EinsumDense output_shape"));
    }
    boolean dims = outputShape instanceof List;
    for (Object o : dims ? (List<?>) outputShape : List.of()) {
      dims &= o == null || PyValues.isInt(o);
    }
    if (!dims) { // Keras: "Cannot convert ... to a shape"
      throw new KerasInitException("layer " + owner + ": `output_shape` = " + PythonText.json(outputShape)
          + "; Keras requires an int or a list of ints and nulls");
    }
    List<Long> out = new ArrayList<>();
    for (Object o : (List<?>) outputShape) {
      out.add(o == null ? Dims.UNKNOWN : PyValues.toLongExact(o, "EinsumDense output_shape " + outputShape
          + ": dimension"));
    }
    return out;
  }
}
