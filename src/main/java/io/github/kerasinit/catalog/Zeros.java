package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.tensor.Shapes;
import io.github.kerasinit.tensor.TfScalars;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** {@code keras.initializers.Zeros()}: all zeros, any dtype. Aliases {@code zeros}, {@code zero}. */
public final class Zeros extends AbstractInitializer {
  /** From a Keras config: no arguments. */
  public static Zeros fromConfig(InitializerConfig config) {
    config.finish();
    return new Zeros();
  }

  @Override
  public String className() {
    return "Zeros";
  }

  @Override
  protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
    return tf.fill(Shapes.operand(tf, shape), TfScalars.intConstant(tf, 0, dtype));
  }

  @Override
  public java.util.OptionalDouble fillValue() {
    return java.util.OptionalDouble.of(0);
  }

  @Override
  public boolean slicesSupported() {
    return true;
  }

  @Override
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    return tf.fill(tf.constant(new long[] {end - start}), TfScalars.intConstant(tf, 0, dtype));
  }

  @Override
  protected void putConfig(Map<String, Object> config) {}
}
