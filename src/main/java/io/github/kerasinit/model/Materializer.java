package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.device.Devices;
import io.github.kerasinit.device.SessionConfigs;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.FilledTensors;
import io.github.kerasinit.tensor.GraphOps;
import io.github.kerasinit.tensor.OutOfMemory;
import io.github.kerasinit.tensor.Shapes;
import io.github.kerasinit.tensor.TfErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Runs the recipes of a list of weights: one graph, one {@code Session.run}, all weights in parallel; a weight whose
 * every element is one value (Zeros, Ones) is filled in Java instead ({@link FilledTensors}), with the same bytes.
 */
final class Materializer {
  private Materializer() {}

  /** {@code device}: "/GPU:0", "/CPU:0"... for every op (checked to exist), or null for TF's default placement. */
  static MaterializedWeights run(List<WeightSpec> weights, String device) {
    refuseBeyondMemory(weights);
    List<Tensor> out = new ArrayList<>();
    try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
      // one node per shape, bound and range, not one per weight (GraphOps.createSharing)
      Ops tf = Devices.place(GraphOps.createSharing(graph), device);
      List<Operand<? extends TType>> ops = new ArrayList<>();
      for (WeightSpec w : weights) {
        if (w.init().fillValue().isEmpty()) {
          try {
            ops.add(w.init().build(tf, w.shape(), w.dtype()));
          } catch (KerasInitException e) { // the initializer says what; the weight says where
            throw new KerasInitException("weight " + w.path() + " (" + w.dtype() + "): " + e.getMessage(), e);
          }
        }
      }
      Session.Runner runner = session.runner();
      ops.forEach(runner::fetch);
      Result result = ops.isEmpty() ? null : runner.run();
      int next = 0;
      for (WeightSpec w : weights) {
        java.util.OptionalDouble fill = w.init().fillValue();
        out.add(fill.isPresent() ? FilledTensors.of(w.dtype(), w.shape(), fill.getAsDouble()) : result.get(next++));
      }
      return new MaterializedWeights(weights, out);
    } catch (OutOfMemoryError e) {
      // JavaCPP's limits (org.bytedeco.javacpp.maxBytes, maxPhysicalBytes) end up here, as does a full heap
      out.forEach(Tensor::close);
      throw OutOfMemory.making(describe(weights), e);
    } catch (RuntimeException e) {
      out.forEach(Tensor::close);
      if (TfErrors.isTensorFlowError(e)) {
        throw new KerasInitException("TensorFlow failed to materialize the weights: " + TfErrors.firstLine(
            e.getMessage()), e);
      }
      throw e;
    }
  }

  /**
   * Elements {@code [start, end)} of one weight's flattened value, made by themselves (the weight's init must be
   * {@link io.github.kerasinit.model.core.WeightInit#sliceable()}); the caller closes the tensor.
   */
  static Tensor runRange(WeightSpec weight, long start, long end, String device) {
    try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
      Ops tf = Devices.place(GraphOps.create(graph), device);
      Operand<? extends TType> op = weight.init().buildRange(tf, weight.shape(), weight.dtype(), start, end);
      return session.runner().fetch(op).run().get(0);
    } catch (OutOfMemoryError e) {
      throw OutOfMemory.making(String.format(Locale.ROOT, "elements [%d, %d) of weight %s", start, end,
          weight.path()), e);
    } catch (RuntimeException e) {
      if (TfErrors.isTensorFlowError(e)) {
        throw new KerasInitException("TensorFlow failed to materialize elements [" + start + ", " + end
            + ") of weight " + weight.path() + ": " + TfErrors.firstLine(e.getMessage()), e);
      }
      throw e;
    }
  }

  /** "weight P ([dims] dtype, N bytes)", or "N weights, FIRST to LAST (N bytes)". */
  private static String describe(List<WeightSpec> weights) {
    WeightSpec first = weights.get(0);
    return weights.size() == 1 ? String.format(Locale.ROOT, "weight %s (%s %s, %,d bytes)", first.path(),
        java.util.Arrays.toString(first.shape()), first.dtype().kerasName(), bytes(weights))
        : String.format(Locale.ROOT, "%d weights, %s to %s (%,d bytes)", weights.size(), first.path(),
            weights.get(weights.size() - 1).path(), bytes(weights));
  }

  private static long bytes(List<WeightSpec> weights) {
    return weights.stream().mapToLong(w -> w.size() * w.dtype().byteSize()).sum();
  }

  /** All weights are held at once, so their sum must fit, not only each one (checked before TF allocates). */
  private static void refuseBeyondMemory(List<WeightSpec> weights) {
    long total = 0;
    for (WeightSpec w : weights) {
      try {
        Shapes.validate(Shape.of(w.shape()), w.dtype());
      } catch (KerasInitException e) {
        throw new KerasInitException("weight " + w.path() + ": " + e.getMessage(), e);
      }
      long bytes = w.dtype().byteSize();
      for (long d : w.shape()) {
        bytes *= d; // cannot overflow: validate() bounded each weight by maxTensorBytes()
      }
      total += bytes;
      if (Shapes.exceedsLimit(total)) {
        throw new KerasInitException("the model's weights need more than " + Shapes.maxTensorBytes() + " bytes"
            + " (reached at " + w.path() + "); the limit is this machine's physical memory unless the system"
            + " property " + Shapes.MAX_TENSOR_BYTES_PROPERTY + " says otherwise");
      }
    }
  }
}
