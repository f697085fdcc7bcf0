package io.github.kerasinit.catalog;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.tensor.Shapes;
import io.github.kerasinit.tensor.TfErrors;
import io.github.kerasinit.text.PythonText;
import io.github.kerasinit.tensor.FlatSlices;
import io.github.kerasinit.tensor.Operands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * What every catalog class shares: shape validation, TF errors turned into {@link KerasInitException}, and value
 * semantics over the Keras class name and config.
 */
public abstract class AbstractInitializer implements KerasInitializer {

  @Override
  public final Operand<? extends TType> call(Ops tf, Shape shape, DType dtype) {
    Shapes.validate(shape, dtype);
    return locked(tf, shape, dtype, () -> build(tf, shape, dtype));
  }

  @Override
  public boolean slicesSupported() {
    return false;
  }

  @Override
  public final Operand<? extends TType> callRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    checkSliceable(shape);
    FlatSlices.checkRange(resultShape(shape), dtype, start, end);
    return locked(tf, shape, dtype, () -> buildRange(tf, shape, dtype, start, end));
  }

  @Override
  public final Operand<? extends TType> callBox(Ops tf, Shape shape, DType dtype, long[] begin, long[] end) {
    checkSliceable(shape);
    Shape whole = resultShape(shape);
    List<long[]> runs = FlatSlices.boxRuns(whole, begin, end);
    Shape boxShape = FlatSlices.boxShape(whole, begin, end);
    FlatSlices.checkRange(boxShape, dtype, 0, FlatSlices.elements(boxShape));
    return locked(tf, shape, dtype, () -> {
      List<Operand<TType>> pieces = new ArrayList<>();
      for (long[] run : runs) {
        pieces.add(Operands.typed(buildRange(tf, shape, dtype, run[0], run[1])));
      }
      Operand<TType> flat = pieces.size() == 1 ? pieces.get(0)
          : pieces.isEmpty() ? Operands.typed(buildRange(tf, shape, dtype, 0, 0)) : tf.concat(pieces, tf.constant(0));
      return tf.reshape(flat, tf.constant(boxShape.asArray()));
    });
  }

  private void checkSliceable(Shape shape) {
    Shapes.validateDims(shape);
    if (!slicesSupported()) {
      throw new KerasInitException(className() + " cannot make a slice of its value" + whyNoSlices()
          + "; call it on the whole shape " + Arrays.toString(shape.asArray()));
    }
  }

  /** Why {@link #slicesSupported()} is false, as a clause after "cannot make a slice of its value". */
  protected String whyNoSlices() {
    return "";
  }

  /**
   * The ops for elements {@code [start, end)} of {@link #build}'s flattened value, a checked range of
   * {@link #resultShape}; only called when {@link #slicesSupported()}.
   */
  protected Operand<? extends TType> buildRange(Ops tf, Shape shape, DType dtype, long start, long end) {
    throw new UnsupportedOperationException(className());
  }

  /**
   * Runs {@code ops} under the execution environment's lock, resolving an eager result there, and turns TF's errors
   * into {@link KerasInitException}.
   */
  private Operand<? extends TType> locked(Ops tf, Shape shape, DType dtype,
      Supplier<Operand<? extends TType>> ops) {
    try {
      // TF-Java 1.1 is not thread-safe here: an EagerSession tracks every op result and resolved tensor in an
      // unsynchronized WeakHashMap (measured: 8 threads on one session corrupted it into an endless loop), and a
      // Graph's op naming can give two threads the same name. So callers of one execution environment take
      // turns; in eager mode that includes the kernels, which run while building (one session per thread runs
      // in parallel). The eager result is resolved inside the lock, so a caller's later asTensor() only reads
      // the cached tensor instead of touching the session's map.
      synchronized (tf.scope().env()) {
        Operand<? extends TType> result = ops.get();
        if (!tf.scope().env().isGraph()) {
          result.asTensor();
        }
        return result;
      }
    } catch (RuntimeException e) {
      if (!TfErrors.isTensorFlowError(e)) {
        throw e;
      }
      throw new KerasInitException(className() + " with shape " + shape + " and dtype " + dtype
          + ": TensorFlow rejected it: " + TfErrors.firstLine(e.getMessage()), e);
    }
  }

  /** The ops, for a validated static shape. */
  protected abstract Operand<? extends TType> build(Ops tf, Shape shape, DType dtype);

  /** The config in Keras' key order; subclasses put their keys in order. */
  protected abstract void putConfig(Map<String, Object> config);

  @Override
  public final Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    putConfig(config);
    return Collections.unmodifiableMap(config);
  }

  /** State that makes two instances with equal configs differ (a drawn seed); none by default. */
  protected Object identityBeyondConfig() {
    return null;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    AbstractInitializer other = (AbstractInitializer) o;
    return config().equals(other.config())
        && Objects.equals(identityBeyondConfig(), other.identityBeyondConfig());
  }

  @Override
  public int hashCode() {
    return Objects.hash(className(), config(), identityBeyondConfig());
  }

  /**
   * Keras' repr of the config, e.g. {@code GlorotUniform(seed=42, input_axes=None, output_axes=None)}, plus the drawn
   * seed of an unseeded instance.
   */
  @Override
  public String toString() {
    String call = PythonText.call(className(), config());
    Object extra = identityBeyondConfig();
    return extra == null ? call : call.substring(0, call.length() - 1) + (config().isEmpty() ? "" : ", ") + "<"
        + extra + ">)";
  }
}
