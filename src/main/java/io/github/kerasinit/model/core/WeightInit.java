package io.github.kerasinit.model.core;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** How one weight gets its initial value: an initializer call, or Keras' composite recipes (LSTM's forget bias). */
public interface WeightInit {

  /** The ops producing the value. */
  Operand<? extends TType> build(Ops tf, long[] shape, DType dtype);

  /** Whether {@link #buildRange} can make slices of the value (see {@link KerasInitializer#slicesSupported()}). */
  default boolean sliceable() {
    return false;
  }

  /** The ops for elements {@code [start, end)} of the flattened value ({@link KerasInitializer#callRange}). */
  default Operand<? extends TType> buildRange(Ops tf, long[] shape, DType dtype, long start, long end) {
    throw new UnsupportedOperationException("not sliceable: " + describe());
  }

  /** What made the value, as JSON-able data: the initializer's Keras 3 serialization, or a composite's parts. */
  Object describe();

  /** The standard deviation the recipe promises for this shape, or null where it promises none. */
  Double expectedStd(long[] shape);

  /** Whether the value depends on the CPU that computes it ({@link KerasInitializer#cpuDependent()}). */
  boolean cpuDependent();

  /** The value of every element, when the recipe is such a fill ({@link KerasInitializer#fillValue()}); else empty. */
  default java.util.OptionalDouble fillValue() {
    return java.util.OptionalDouble.empty();
  }

  /** {@code initializer(shape, dtype)}: the common case. */
  static WeightInit of(KerasInitializer initializer) {
    return new Called(initializer);
  }

  /** Calls of {@code parts[i]} with shape {@code (sizes[i],)}, concatenated (LSTM's forget bias). */
  static WeightInit concatenated(List<KerasInitializer> parts, List<Long> sizes) {
    return new Concatenated(parts, sizes);
  }

  /** A plain initializer call. */
  final class Called implements WeightInit {
    final KerasInitializer initializer;

    Called(KerasInitializer initializer) {
      this.initializer = initializer;
    }

    public KerasInitializer initializer() {
      return initializer;
    }

    @Override
    public Operand<? extends TType> build(Ops tf, long[] shape, DType dtype) {
      return initializer.call(tf, Shape.of(shape), dtype);
    }

    @Override
    public boolean cpuDependent() {
      return initializer.cpuDependent();
    }

    @Override
    public java.util.OptionalDouble fillValue() {
      return initializer.fillValue();
    }

    /** A call whose result has the weight's shape (not a broadcast Constant) and whose class makes slices. */
    @Override
    public boolean sliceable() {
      return initializer.slicesSupported();
    }

    @Override
    public Operand<? extends TType> buildRange(Ops tf, long[] shape, DType dtype, long start, long end) {
      return initializer.callRange(tf, Shape.of(shape), dtype, start, end);
    }

    @Override
    public Object describe() {
      return Initializers.serialize(initializer);
    }

    @Override
    public Double expectedStd(long[] shape) {
      return initializer.expectedStddev(Shape.of(shape));
    }
  }

  /** Several calls concatenated along axis 0 (LSTM's {@code unit_forget_bias}). */
  final class Concatenated implements WeightInit {
    final List<KerasInitializer> parts;
    final List<Long> sizes;

    Concatenated(List<KerasInitializer> parts, List<Long> sizes) {
      this.parts = parts;
      this.sizes = sizes;
    }

    @Override
    public Operand<? extends TType> build(Ops tf, long[] shape, DType dtype) {
      @SuppressWarnings("unchecked")
      Operand<TType>[] pieces = new Operand[parts.size()];
      for (int i = 0; i < pieces.length; i++) {
        @SuppressWarnings("unchecked")
        Operand<TType> p = (Operand<TType>) parts.get(i).call(tf, Shape.of(sizes.get(i)), dtype);
        pieces[i] = p;
      }
      return tf.concat(List.of(pieces), tf.constant(0));
    }

    @Override
    public boolean cpuDependent() {
      return parts.stream().anyMatch(KerasInitializer::cpuDependent);
    }

    @Override
    public Object describe() {
      Map<String, Object> described = new LinkedHashMap<>(); // one order on every run, as Map.of's is not
      described.put("concatenate", parts.stream().map(Initializers::serialize).toList());
      described.put("sizes", sizes);
      return described;
    }

    @Override
    public Double expectedStd(long[] shape) {
      return null;
    }
  }
}
