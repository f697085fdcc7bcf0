package io.github.kerasinit.cli;

import io.github.kerasinit.bench.BenchCases;
import io.github.kerasinit.bench.InitializerBenchmark;
import io.github.kerasinit.bench.ModelBenchmark;
import io.github.kerasinit.bench.PeakMemory;
import io.github.kerasinit.bench.ProcessBenchmark;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.OutputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keras-init bench}: JMH timings of every initializer case and model, ours against the floor. The table with
 * Python Keras beside it comes from {@code python-parity/bench.py}, which runs this with {@code --json}.
 */
@Command(name = BenchCommand.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Benchmarks initializers and models against their floors (JMH).",
        "JMH, single-shot, median of 5 after 2 warm-ups, one fork per case: each"
        + " initializer against its floor (the raw stateless op plus Keras' scale/shift ops), whole models against"
        + " the sum of their weights' floors, and peak memory of materializing a model.",
        "--process times whole processes instead: `materialize` against the bare TF-Java floor.",
        "python-parity/bench.py runs the same cases in Python Keras and prints one table with ratios."})
final class BenchCommand implements Callable<Integer> {
  static final String NAME = "bench";

  @Spec
  CommandSpec spec; // the running CommandLine: its error stream is the one Main set

  @Option(names = "--quick", description = "Only float32 at 2^24, Identity and Orthogonal 1024^2, and ResNet50.")
  boolean quick;

  @Option(names = "--cases", split = ",", description = "Only these case ids (see --list; none with --cases=).")
  List<String> cases;

  @Option(names = "--models", split = ",", description = "Models to benchmark (default: wide_mlp,resnet50; none"
      + " with --models=).")
  List<String> models;

  @Option(names = "--json", description = "Also write the results to this JSON file.")
  Path json;

  @Option(names = "--list", description = "Print the case list as JSON and exit.")
  boolean list;

  @Option(names = "--memory", paramLabel = "MODEL", description = "Measure peak resident memory of materializing"
      + " models/MODEL.json in this process and print it as JSON (bench.py runs it in a fresh process).")
  String memory;

  @Option(names = "--process", description = "Time the main job as whole processes instead: the bare TF-Java floor"
      + " (JVM, TensorFlow, one eager op) and `materialize MODEL`, table only and with --out, for --models (default:"
      + " mlp,cnn_bn,resnet50,efficientnet_b0,wide_mlp); medians of --iterations interleaved runs, wall time and peak"
      + " RSS (GNU time).")
  boolean process;

  @Option(names = "--iterations", defaultValue = "5", description = "Measured shots per case (default 5).")
  int iterations;

  @Override
  public Integer call() throws Exception {
    if (list) {
      List<Map<String, Object>> all = new ArrayList<>();
      BenchCases.initializers().forEach(c -> all.add(c.toMap()));
      Map<String, Object> cases = new LinkedHashMap<>(); // one order on every run, as Map.of's is not
      cases.put("initializers", all);
      cases.put("models", BenchCases.MODELS);
      cases.put("process_models", BenchCases.PROCESS_MODELS);
      System.out.println(KerasJson.writePretty(cases));
      return 0;
    }
    if (iterations < 1 || iterations > 1000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--iterations must be 1..1000, got "
          + iterations);
    }
    if (memory != null) {
      System.out.println(KerasJson.write(PeakMemory.measure(memory)));
      return 0;
    }
    if (process) {
      return process();
    }
    List<String> ids = cases != null ? known("--cases", cases.stream().filter(c -> !c.isBlank()).toList(),
        BenchCases.initializers().stream().map(c -> c.id).toList())
        : (quick ? BenchCases.quick() : BenchCases.initializers()).stream().map(c -> c.id).toList();
    List<String> modelIds = models != null ? known("--models", models.stream().filter(m -> !m.isBlank()).toList(),
        modelFiles()) : quick ? List.of("resnet50") : BenchCases.MODELS;
    Map<String, Object> results = new LinkedHashMap<>();
    if (!ids.isEmpty()) {
      results.putAll(run(InitializerBenchmark.class, "caseId", ids));
    }
    if (!modelIds.isEmpty()) {
      results.putAll(run(ModelBenchmark.class, "model", modelIds));
    }
    printTable(results);
    if (json != null) {
      OutputFiles.write(json, out -> out.write(KerasJson.writePretty(results).getBytes(StandardCharsets.UTF_8)));
    }
    return 0;
  }

  /** bench --process: prints the Markdown table, writes the medians to --json. */
  private int process() throws Exception {
    List<String> modelIds = models != null ? known("--models", models.stream().filter(m -> !m.isBlank()).toList(),
        modelFiles()) : BenchCases.PROCESS_MODELS;
    Path scratch = java.nio.file.Files.createTempDirectory("keras-init-bench");
    Thread cleanup = new Thread(() -> deleteTree(scratch), "keras-init-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    Map<String, Object> results;
    try {
      results = ProcessBenchmark.run(modelIds, iterations, scratch);
    } finally {
      deleteTree(scratch);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    ProcessBenchmark.markdown(results).forEach(System.out::println);
    if (json != null) {
      OutputFiles.write(json, out -> out.write(KerasJson.writePretty(results).getBytes(StandardCharsets.UTF_8)));
    }
    return 0;
  }

  /** The benchmark's scratch directory (the .npz files its runs write) and everything in it. */
  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(f);
      }
    } catch (java.io.IOException e) {
      // already gone, or nothing more to do while exiting
    }
  }

  /** {@code names}, each of which must be one of {@code known}: a name that matches nothing is a usage error. */
  private List<String> known(String option, List<String> names, List<String> known) {
    List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + ": no such "
          + (option.equals("--cases") ? "case" : "model") + " " + String.join(", ", unknown) + "; known: "
          + String.join(", ", known));
    }
    return names;
  }

  /** The models bench can run: models/NAME.json under the keras-init home. */
  private static List<String> modelFiles() throws java.io.IOException {
    Path dir = Path.of(System.getProperty("kerasinit.home", "."), "models");
    if (!java.nio.file.Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
          .map(f -> f.substring(0, f.length() - ".json".length())).sorted().toList();
    }
  }

  /**
   * The JMH forks' JVM options: this JVM's, less the launcher's start-up JIT settings (C1 only, one compiler thread,
   * less inlining), so that the forks measure the steady state with C2 and the JVM's own compiler threads.
   */
  private static String[] forkOptions() {
    List<String> options = new ArrayList<>();
    for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-XX:TieredStopAtLevel=") && !option.startsWith("-XX:CICompilerCount=")
          && !option.startsWith("-XX:C1MaxInlineSize=")) {
        options.add(option);
      }
    }
    options.add("-Dkerasinit.home=" + System.getProperty("kerasinit.home", "."));
    options.add("-Xss4m");
    return options.toArray(new String[0]);
  }

  /** Runs one benchmark class over parameter values; returns {param: {ours: ms, floor: ms}} medians. */
  private Map<String, Map<String, Double>> run(Class<?> benchmark, String param, List<String> values)
      throws Exception {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(benchmark.getName() + "\\.")
        .param(param, values.toArray(new String[0]))
        .measurementIterations(iterations)
        .verbosity(VerboseMode.SILENT)
        .jvmArgs(forkOptions());
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    System.err.println("keras-init bench: " + values.size() + " " + param + " value(s) of " + benchmark.getSimpleName()
        + ", ours and floor, " + iterations + " measured shots each");
    Collection<RunResult> results = new Runner(options.build()).run();
    for (RunResult r : results) {
      String value = r.getParams().getParam(param);
      String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
      double median = r.getPrimaryResult().getStatistics().getPercentile(50);
      out.computeIfAbsent(value, k -> new LinkedHashMap<>()).put(method, median);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void printTable(Map<String, Object> results) {
    System.out.printf(Locale.ROOT, "%-46s %12s %12s %10s%n", "case (median ms)", "ours", "floor", "ours/floor");
    for (Map.Entry<String, Object> e : results.entrySet()) {
      Map<String, Double> r = (Map<String, Double>) e.getValue();
      double ours = r.getOrDefault("ours", Double.NaN);
      double floor = r.getOrDefault("floor", Double.NaN);
      System.out.printf(Locale.ROOT, "%-46s %12.1f %12.1f %10.3f%n", e.getKey(), ours, floor, ours / floor);
    }
  }
}
