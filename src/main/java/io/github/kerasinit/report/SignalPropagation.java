package io.github.kerasinit.report;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.device.SessionConfigs;
import io.github.kerasinit.tensor.GraphOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * Runs a {@link DenseStack} in TF-Java: one forward and backward pass per initializer on a batch of N(0, 1) inputs,
 * recording each hidden layer's {@link LayerSignal}, then optional full-batch gradient descent steps.
 *
 * <p>The task is regression on a random linear teacher: targets {@code x @ A} with {@code A ~ N(0, 1/inputs)}, so
 * targets have unit variance (one-hot of the teacher's argmax when the output layer is softmax or sigmoid). The loss
 * is {@code 0.5 * mean((y - t)^2)} over the batch and the outputs. TF computes every gradient ({@code tf.gradients}).
 * Nothing is rescaled or clipped: an overflow shows as inf or NaN, as it would in training.
 */
public final class SignalPropagation {
  /**
   * @param batch samples per pass; also the whole training set of the gradient steps
   * @param seed seeds the inputs, the teacher, and unseeded initializers (see {@link InitializerChoice})
   * @param dtype float32 (what Keras trains in) or float64
   * @param steps gradient steps after the measured pass (0: none)
   */
  public record Settings(int batch, long seed, DType dtype, int steps, double learningRate) {
    public Settings {
      if (batch < 2 || batch > 65_536) {
        throw new KerasInitException("--batch must be 2..65536, got " + batch);
      }
      if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
        throw new KerasInitException("--dtype must be float32 or float64 for the report, got " + dtype);
      }
      if (steps < 0 || steps > 100_000) {
        throw new KerasInitException("--steps must be 0..100000, got " + steps);
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new KerasInitException("--learning-rate must be a finite number > 0, got " + learningRate);
      }
    }
  }

  private SignalPropagation() {}

  /** Measures every choice on the same inputs, in order. */
  public static List<SignalResult> run(DenseStack net, List<InitializerChoice> choices, Settings settings) {
    if (settings.dtype() == DType.FLOAT64) {
      return new Runner<>(net, settings, TFloat64.class).runAll(choices);
    }
    return new Runner<>(net, settings, TFloat32.class).runAll(choices);
  }

  /** One graph for every initializer: inputs, targets and all weights are fed, so only the values change. */
  private static final class Runner<T extends TFloating> {
    private final DenseStack net;
    private final Settings settings;
    private final Class<T> type;
    private final int hiddenCount;

    Runner(DenseStack net, Settings settings, Class<T> type) {
      this.net = net;
      this.settings = settings;
      this.type = type;
      this.hiddenCount = net.hidden().size();
    }

    List<SignalResult> runAll(List<InitializerChoice> choices) {
      try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
        Ops tf = GraphOps.create(graph);
        Net<T> ops = build(tf);
        try (Batch data = data()) {
          List<SignalResult> results = new ArrayList<>();
          for (InitializerChoice choice : choices) {
            results.add(measure(session, ops, data, choice));
          }
          return results;
        }
      }
    }

    /** The placeholders and outputs of the network's graph. */
    private record Net<T extends TType>(Placeholder<T> x, Placeholder<T> targets, List<Placeholder<T>> kernels,
        List<Placeholder<T>> biases, List<Operand<T>> hidden, Operand<T> loss, List<Operand<?>> hiddenGrads,
        List<Operand<?>> kernelGrads, List<Operand<?>> newKernels, List<Operand<?>> newBiases) {}

    private Net<T> build(Ops tf) {
      Placeholder<T> x = tf.placeholder(type, Placeholder.shape(Shape.of(-1, net.inputDim())));
      Placeholder<T> t = tf.placeholder(type, Placeholder.shape(Shape.of(-1, net.layers().get(net.layers().size() - 1)
          .units())));
      List<Placeholder<T>> kernels = new ArrayList<>();
      List<Placeholder<T>> biases = new ArrayList<>();
      List<Operand<T>> hidden = new ArrayList<>();
      Operand<T> h = x;
      long fanIn = net.inputDim();
      for (DenseLayer layer : net.layers()) {
        Placeholder<T> w = tf.placeholder(type, Placeholder.shape(Shape.of(fanIn, layer.units())));
        kernels.add(w);
        Operand<T> z = tf.linalg.matMul(h, w);
        if (layer.useBias()) {
          Placeholder<T> b = tf.placeholder(type, Placeholder.shape(Shape.of(layer.units())));
          biases.add(b);
          z = tf.nn.biasAdd(z, b);
        } else {
          biases.add(null);
        }
        h = layer.activation().apply(tf, z);
        if (hidden.size() < hiddenCount) {
          hidden.add(h);
        }
        fanIn = layer.units();
      }
      Operand<T> loss = tf.math.mul(tf.dtypes.cast(tf.constant(0.5), type),
          tf.math.mean(tf.math.square(tf.math.sub(h, t)), tf.constant(new int[] {0, 1})));
      List<Operand<?>> xs = new ArrayList<>(hidden);
      xs.addAll(kernels);
      biases.stream().filter(b -> b != null).forEach(xs::add);
      Gradients grads = tf.gradients(loss, xs);
      List<Operand<?>> hiddenGrads = new ArrayList<>();
      List<Operand<?>> kernelGrads = new ArrayList<>();
      List<Operand<?>> newKernels = new ArrayList<>();
      List<Operand<?>> newBiases = new ArrayList<>();
      Operand<T> lr = tf.dtypes.cast(tf.constant(settings.learningRate()), type);
      int g = 0;
      for (int i = 0; i < hidden.size(); i++) {
        hiddenGrads.add(grads.dy(g++));
      }
      for (Placeholder<T> w : kernels) {
        Operand<T> dw = grads.dy(g++);
        kernelGrads.add(dw);
        newKernels.add(tf.math.sub(w, tf.math.mul(lr, dw)));
      }
      for (Placeholder<T> b : biases) {
        if (b != null) {
          Operand<T> db = grads.dy(g++);
          newBiases.add(tf.math.sub(b, tf.math.mul(lr, db)));
        }
      }
      return new Net<>(x, t, kernels, biases, hidden, loss, hiddenGrads, kernelGrads, newKernels, newBiases);
    }

    /** Inputs and teacher targets, the same for every initializer. */
    private Batch data() {
      try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
        Ops tf = GraphOps.create(graph);
        int outputs = net.layers().get(net.layers().size() - 1).units();
        Operand<T> x = normal(tf, 1.0, settings.seed(), Shape.of(settings.batch(), net.inputDim()));
        Operand<T> teacher = normal(tf, 1.0 / Math.sqrt(net.inputDim()), settings.seed() + 1,
            Shape.of(net.inputDim(), outputs));
        Operand<T> t = tf.linalg.matMul(x, teacher);
        Activation out = net.layers().get(net.layers().size() - 1).activation();
        if (out == Activation.SOFTMAX || out == Activation.SIGMOID) {
          t = tf.oneHot(tf.math.argMax(t, tf.constant(1)), tf.constant(outputs), tf.dtypes.cast(tf.constant(1.0), type),
              tf.dtypes.cast(tf.constant(0.0), type));
        }
        try (Result r = session.runner().fetch(x).fetch(t).run()) {
          return new Batch(copy(r.get(0)), copy(r.get(1)));
        }
      }
    }

    private Operand<T> normal(Ops tf, double stddev, long seed, Shape shape) {
      KerasInitializer init = Initializers.get(Map.of("class_name", "RandomNormal",
          "config", Map.of("stddev", stddev, "seed", seed)));
      return init.call(tf, shape, type);
    }

    private SignalResult measure(Session session, Net<T> ops, Batch data, InitializerChoice choice) {
      List<Tensor> kernels = new ArrayList<>();
      List<Tensor> biases = new ArrayList<>();
      try {
        initialWeights(choice, kernels, biases);
        double[] losses = new double[settings.steps() + 1];
        List<LayerSignal> signals = firstPass(session, ops, data, kernels, biases, losses);
        // the first pass made step 1; each later step reports the loss at the weights it starts from
        for (int step = 2; step <= settings.steps(); step++) {
          losses[step - 1] = step(session, ops, data, kernels, biases);
        }
        if (settings.steps() > 0) {
          losses[settings.steps()] = loss(session, ops, data, kernels, biases);
        }
        return new SignalResult(choice.label(), signals, losses);
      } finally {
        kernels.forEach(SignalPropagation::closeQuietly);
        biases.forEach(SignalPropagation::closeQuietly);
      }
    }

    private void initialWeights(InitializerChoice choice, List<Tensor> kernels, List<Tensor> biases) {
      try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
        Ops tf = GraphOps.create(graph);
        Session.Runner runner = session.runner();
        long fanIn = net.inputDim();
        for (int i = 0; i < net.layers().size(); i++) {
          DenseLayer layer = net.layers().get(i);
          KerasInitializer init = choice.forLayer(layer, i, settings.seed());
          runner.fetch(init.call(tf, Shape.of(fanIn, layer.units()), type));
          if (layer.useBias()) {
            runner.fetch(tf.zeros(tf.constant(new long[] {layer.units()}), type));
          }
          fanIn = layer.units();
        }
        try (Result r = runner.run()) {
          int k = 0;
          for (DenseLayer layer : net.layers()) {
            kernels.add(copy(r.get(k++)));
            biases.add(layer.useBias() ? copy(r.get(k++)) : null);
          }
        }
      }
    }

    private Session.Runner feed(Session session, Net<T> ops, Batch data, List<Tensor> kernels,
        List<Tensor> biases) {
      Session.Runner runner = session.runner().feed(ops.x(), data.x()).feed(ops.targets(), data.targets());
      for (int i = 0; i < kernels.size(); i++) {
        runner.feed(ops.kernels().get(i), kernels.get(i));
        if (biases.get(i) != null) {
          runner.feed(ops.biases().get(i), biases.get(i));
        }
      }
      return runner;
    }

    private List<LayerSignal> firstPass(Session session, Net<T> ops, Batch data, List<Tensor> kernels,
        List<Tensor> biases, double[] losses) {
      Session.Runner runner = feed(session, ops, data, kernels, biases).fetch(ops.loss());
      ops.hidden().forEach(runner::fetch);
      ops.hiddenGrads().forEach(runner::fetch);
      ops.kernelGrads().forEach(runner::fetch);
      boolean update = settings.steps() > 0;
      if (update) {
        ops.newKernels().forEach(runner::fetch);
        ops.newBiases().forEach(runner::fetch);
      }
      try (Result r = runner.run()) {
        losses[0] = values(r.get(0))[0];
        List<LayerSignal> signals = new ArrayList<>();
        int n = hiddenCount;
        for (int i = 0; i < n; i++) {
          double[] h = values(r.get(1 + i));
          double[] dh = values(r.get(1 + n + i));
          double[] dw = values(r.get(1 + 2 * n + i));
          double[] w = values(kernels.get(i));
          int units = net.layers().get(i).units();
          signals.add(new LayerSignal(net.layers().get(i).name(), Moments.std(h), Moments.std(dh), Moments.std(dw),
              Twins.fraction(units, h, dh, w, dw)));
        }
        if (update) {
          replaceWeights(r, 1 + 2 * n + net.layers().size(), kernels, biases);
        }
        return signals;
      }
    }

    /** One gradient step; returns the loss at the weights it started from. */
    private double step(Session session, Net<T> ops, Batch data, List<Tensor> kernels,
        List<Tensor> biases) {
      Session.Runner runner = feed(session, ops, data, kernels, biases).fetch(ops.loss());
      ops.newKernels().forEach(runner::fetch);
      ops.newBiases().forEach(runner::fetch);
      try (Result r = runner.run()) {
        replaceWeights(r, 1, kernels, biases);
        return values(r.get(0))[0];
      }
    }

    /** The loss at the current weights: a forward pass only. */
    private double loss(Session session, Net<T> ops, Batch data, List<Tensor> kernels,
        List<Tensor> biases) {
      try (Result r = feed(session, ops, data, kernels, biases).fetch(ops.loss()).run()) {
        return values(r.get(0))[0];
      }
    }

    private void replaceWeights(Result r, int first, List<Tensor> kernels, List<Tensor> biases) {
      int k = first;
      for (int i = 0; i < kernels.size(); i++) {
        kernels.get(i).close();
        kernels.set(i, copy(r.get(k++)));
      }
      for (int i = 0; i < biases.size(); i++) {
        if (biases.get(i) != null) {
          biases.get(i).close();
          biases.set(i, copy(r.get(k++)));
        }
      }
    }
  }

  /** The inputs and targets of every pass. */
  private record Batch(Tensor x, Tensor targets) implements AutoCloseable {
    @Override
    public void close() {
      x.close();
      targets.close();
    }
  }

  /** A tensor that outlives the Result it came from (a Result closes its tensors). */
  private static Tensor copy(Tensor t) {
    return Tensor.of(DType.of(t.dataType()).type(), t.shape(), t.asRawTensor().data());
  }

  private static void closeQuietly(Tensor t) {
    if (t != null) {
      t.close();
    }
  }

  /** A float32 or float64 tensor's values, row-major, as doubles (exact: float to double loses nothing). */
  static double[] values(Tensor t) {
    int n = Math.toIntExact(t.shape().size());
    double[] out = new double[n];
    if (t instanceof TFloat64 d) {
      d.copyTo(DataBuffers.of(out, false, false));
    } else if (t instanceof TFloat32 f) {
      float[] tmp = new float[n];
      f.copyTo(DataBuffers.of(tmp, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = tmp[i];
      }
    } else {
      throw new IllegalArgumentException("not a float32/float64 tensor: " + t.dataType());
    }
    return out;
  }
}
