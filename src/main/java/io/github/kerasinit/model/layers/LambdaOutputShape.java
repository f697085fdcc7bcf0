package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.tensor.PyValues;
import io.github.kerasinit.text.PythonText;
import java.util.List;

/**
 * A Lambda layer's output shape from its {@code output_shape} argument, as Keras' {@code Lambda.compute_output_shape}
 * reads it: given as dims without the batch, the output is the input's batch dim (the first dim of the flattened
 * input shapes) followed by them. keras-init cannot run the layer's Python function, so where the config gives no
 * such list (null: Keras infers the shape by running the function; a function of the input shape) the shape is
 * unknown, and the model's recorded shapes or an error naming the layer take over.
 *
 * <p>One output's shape is taken: a list of ints and nulls ({@code [2, 2]}). Keras 3.15.1 does not take several
 * (its {@code from_config} makes only a flat list a shape tuple, and a list of lists then fails its shape mapping,
 * also for a Keras 2 config, which it reads with the same class), so they are refused.
 */
final class LambdaOutputShape {
  private LambdaOutputShape() {}

  /** The output's shape, or null where the config leaves them to the Python function. */
  static List<long[]> of(LayerConfig config, List<long[]> inputs) {
    Object given = config.raw("output_shape");
    if (given instanceof Number || given instanceof Boolean) { // Keras fails adding the batch dim to it
      throw new KerasInitException("layer " + config + ": `output_shape` = " + KerasInitException.describe(given)
          + "; expected a list of the dims without the batch dim (each an int of 0 or more or null)");
    }
    if (!(given instanceof List) || "lambda".equals(config.raw("output_shape_type"))) {
      return null; // null, a serialized function, or Keras 2's marshalled bytecode
    }
    List<?> list = (List<?>) given;
    if (list.stream().anyMatch(e -> e instanceof List)) {
      throw new KerasInitException("layer " + config + ": `output_shape` = " + PythonText.json(given)
          + " lists several shapes, which Keras 3 does not take from a config (one shape: a list of ints and nulls)");
    }
    return List.of(Dims.concat(new long[] {batchDim(config, inputs)}, dims(config, given, list)));
  }

  /** Keras' {@code tree.flatten(input_shape)[0]}: the first dim of the first input that has one. */
  private static long batchDim(LayerConfig config, List<long[]> inputs) {
    for (long[] shape : inputs) {
      if (shape.length > 0) {
        return shape[0];
      }
    }
    throw new KerasInitException("layer " + config + ": its inputs have no dims, so `output_shape` has no batch"
        + " dim to follow");
  }

  private static long[] dims(LayerConfig config, Object given, List<?> shape) {
    long[] out = new long[shape.size()];
    for (int i = 0; i < out.length; i++) {
      Object d = shape.get(i);
      if (d == null) {
        out[i] = Dims.UNKNOWN;
      } else if (PyValues.isInt(d) && PyValues.toLongExact(d, "`output_shape` dim") >= 0) {
        out[i] = ((Number) d).longValue();
      } else {
        throw new KerasInitException("layer " + config + ": `output_shape` = " + PythonText.json(given)
            + " has the dim " + KerasInitException.describe(d) + "; expected the dims without the batch dim, each an"
            + " int of 0 or more or null");
      }
    }
    return out;
  }
}
