package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.initializers.Initializer}, the abstract base: {@code get("Initializer")} succeeds in Keras, calling it
 * fails. Kept so that configs naming it load and fail where Keras fails.
 */
public final class BaseInitializer extends AbstractInitializer {
  /** From a Keras config: no arguments. */
  public static BaseInitializer fromConfig(InitializerConfig config) {
    config.finish();
    return new BaseInitializer();
  }

  @Override
  public String className() {
    return "Initializer";
  }

  /** Keras serializes the base class under module {@code "keras"}. */
  @Override
  public String module() {
    return "keras";
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    throw new KerasInitException("Initializer is Keras' abstract base class and produces no values"
        + " (Keras: NotImplementedError: Initializer subclasses must implement the `__call__()` method)");
  }

  @Override
  protected void putConfig(Map<String, Object> config) {}
}
