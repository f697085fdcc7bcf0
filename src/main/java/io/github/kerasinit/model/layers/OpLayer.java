package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.text.PythonText;
import java.util.List;

/**
 * A Keras 3 op called in a functional model ({@code keras.ops.mean(x, axis=-1)}, {@code x[:, 1:3]}, {@code x + y}):
 * a node whose {@code module} is {@code keras.src.ops.*}. It has no weights and draws no seeds. It is recognised by
 * its module, never by its class name: op {@code Reshape} (config {@code newshape}) is not layer {@code Reshape}
 * (config {@code target_shape}). Its output shape is the one the file records for it where consumers read it, else
 * the op's rule ({@link OpShapes}); an op with neither is an error naming it.
 */
public final class OpLayer extends Layer {
  /** The {@code module} prefix of Keras 3 op nodes. */
  public static final String MODULE_PREFIX = "keras.src.ops.";

  private final String module;

  public OpLayer(LayerConfig config, ModelContext context, String module) {
    super(config, context);
    this.module = module;
  }

  /** Whether a layer dict is a Keras 3 op node. */
  public static boolean isOp(Object module) {
    return module instanceof String && ((String) module).startsWith(MODULE_PREFIX);
  }

  /** {@code keras.src.ops.numpy.Mean}: what the file calls this op. */
  public String qualifiedName() {
    return module + "." + className();
  }

  /** The rule's shape, or null (unknown) where the op has none: then consumers need the recorded shape. */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    OpShapes.Rule rule = OpShapes.rule(className());
    if (rule == null) {
      return null;
    }
    if (inputs.isEmpty()) {
      throw new KerasInitException("op " + this + " (" + qualifiedName() + ") is called on no tensor");
    }
    long[] out;
    try {
      out = rule.apply(config, inputs);
    } catch (RuntimeException e) { // a config the rule cannot read: a missing, mistyped or out-of-range argument
      out = null;
    }
    if (out == null) {
      throw new KerasInitException("op " + this + " (" + qualifiedName() + "): its config "
          + PythonText.abbreviate(PythonText.json(config.values())) + " does not give an output shape for inputs "
          + formatShapes(inputs));
    }
    return one(out);
  }
}
