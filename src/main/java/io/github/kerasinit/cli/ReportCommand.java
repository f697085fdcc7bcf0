package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.report.Activation;
import io.github.kerasinit.report.DenseStack;
import io.github.kerasinit.report.InitializerChoice;
import io.github.kerasinit.report.ReportCharts;
import io.github.kerasinit.report.ReportTables;
import io.github.kerasinit.report.SignalPropagation;
import io.github.kerasinit.report.SignalResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keras-init report}: what each initializer does to the signal in a deep network, as tables and charts. */
@Command(name = ReportCommand.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Shows what each initializer does to the signal in a deep network.",
        "Initializes a deep fully-connected network (or the Dense chain of a Keras model) with each"
        + " initializer, runs a forward and backward pass in TF-Java on a batch of N(0,1) inputs and prints, per"
        + " hidden layer, the activation std and the gradient std, and how many units are twins (symmetry never"
        + " broken). Then a few full-batch gradient steps on a random linear teacher show the loss per initializer."
        + " Writes PNG and SVG charts and an HTML page to --out.",
        "  keras-init report                                   20 x 256 relu, the 7 default initializers",
        "  keras-init report --activation tanh --init glorot_uniform --init '{\"class_name\": \"RandomNormal\","
            + " \"config\": {\"stddev\": 0.01}}'",
        "  keras-init report --model models/mlp.json           its Dense layers; adds \"as configured\""})
final class ReportCommand implements Callable<Integer> {
  static final String NAME = "report";

  @Option(names = "--depth", defaultValue = "20", description = "Hidden layers (default ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--width", defaultValue = "256", description = "Units per hidden layer (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--activation", defaultValue = "relu",
      description = "Hidden activation, a Keras name: linear, relu, relu6, tanh, sigmoid, elu, selu, silu, softplus"
          + " (default ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--outputs", defaultValue = "10", description = "Units of the linear output layer (default"
      + " ${DEFAULT-VALUE}).")
  int outputs;

  @Option(names = "--model", description = "A Keras model (.json, .keras, a model directory, .h5) that is a chain of"
      + " Dense layers, instead of --depth/--width/--activation.")
  Path model;

  @Option(names = "--init", paramLabel = "NAME|JSON|@FILE",
      description = "An initializer to compare (repeatable): any Keras name or config. Default: zeros,"
          + " normal(0.01), normal(1.0) (random_normal), glorot_uniform, he_normal, lecun_normal, orthogonal.")
  List<String> inits = new ArrayList<>();

  @Option(names = "--batch", defaultValue = "256", description = "Samples per pass (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--steps", defaultValue = "50", description = "Gradient steps after the measured pass (default"
      + " ${DEFAULT-VALUE}; 0: none).")
  int steps;

  @Option(names = "--learning-rate", defaultValue = "0.01", description = "SGD learning rate (default"
      + " ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64 (default ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--seed", defaultValue = "42", description = "Seeds the inputs, the teacher and unseeded"
      + " initializers; layer i gets seed + i (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "report", description = "Directory for the charts (PNG, SVG), report.html"
      + " and report.csv (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    DenseStack net = model != null ? DenseStack.fromModel(KerasModel.load(model), "model " + model.getFileName())
        : DenseStack.deep(depth, width, Activation.of(activation), outputs);
    List<InitializerChoice> choices = new ArrayList<>();
    if (inits.isEmpty()) {
      choices.addAll(InitializerChoice.defaults());
    } else {
      for (String text : inits) {
        Object identifier = Configs.parseIdentifier(text);
        choices.add(identifier instanceof String name ? InitializerChoice.of(name, name)
            : InitializerChoice.of(identifier));
      }
    }
    if (model != null) {
      choices.add(InitializerChoice.asConfigured());
    }
    SignalPropagation.Settings settings = new SignalPropagation.Settings(batch, seed,
        DType.oneOf(dtype, java.util.List.of(DType.FLOAT32, DType.FLOAT64), "--dtype"), steps,
        learningRate);
    List<SignalResult> results = SignalPropagation.run(net, choices, settings);
    String title = String.format(Locale.ROOT, "%s; batch %d of N(0,1) inputs, %s, seed %d; biases zeros", net.description(),
        batch, dtype, seed);
    ReportTables.print(System.out, title, results);
    List<Path> written = ReportCharts.write(out, title, results);
    System.out.println();
    System.out.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
    return 0;
  }
}
