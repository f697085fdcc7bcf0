package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.text.PythonText;
import java.util.Arrays;
import java.util.List;

/** {@code PReLU(alpha_initializer="zeros", shared_axes=None)}: {@code alpha} of shape input[1:], shared axes 1. */
public final class PReLU extends Layer {
  private final KerasInitializer alphaInitializer;
  private final List<Long> sharedAxes;

  public PReLU(LayerConfig config, ModelContext context) {
    super(config, context);
    alphaInitializer = initializer("alpha_initializer", "zeros");
    sharedAxes = config.axes("shared_axes");
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    long[] shape = Arrays.copyOfRange(in, 1, in.length);
    if (sharedAxes != null) {
      int n = shape.length;
      for (long axis : sharedAxes) {
        // Keras sets param_shape[axis - 1], a Python list: axis 0 or a negative one counts from the end (0 shares the
        // last axis), and one past either end is its IndexError
        long at = axis - 1;
        if (at < -n || at >= n) {
          throw new KerasInitException("layer " + this + ": `shared_axes` = " + PythonText.json(
              config.raw("shared_axes")) + ": axis " + axis + " is out of range for input " + Dims.format(in)
              + ", as Keras refuses it");
        }
        shape[(int) (at < 0 ? at + n : at)] = 1;
      }
    }
    addWeight("alpha", shape, WeightInit.of(alphaInitializer), true);
  }

  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    return one(single(inputs));
  }
}
