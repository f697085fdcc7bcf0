package io.github.kerasinit.cli;

import io.github.kerasinit.bench.BenchCases;
import io.github.kerasinit.bench.InitializerBenchmark;
import io.github.kerasinit.bench.ModelBenchmark;
import io.github.kerasinit.bench.PeakMemory;
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
import picocli.CommandLine.Option;

/**
 * {@code keras-init bench}: JMH timings of every initializer case and model, ours against the floor. The table with
 * Python Keras beside it comes from {@code python-parity/bench.py}, which runs this with {@code --json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks (JMH, single-shot, median of 5 after 2 warm-ups, one fork per case): each"
        + " initializer against its floor (the raw stateless op plus Keras' scale/shift ops), whole models against"
        + " the sum of their weights' floors, and peak memory of materializing a model.",
        "python-parity/bench.py runs the same cases in Python Keras and prints one table with ratios."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Only float32 at 2^24, Identity and Orthogonal 1024^2, and ResNet50.")
  boolean quick;

  @Option(names = "--cases", split = ",", description = "Only these case ids (see --list).")
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

  @Option(names = "--iterations", defaultValue = "5", description = "Measured shots per case (default 5).")
  int iterations;

  @Override
  public Integer call() throws Exception {
    if (list) {
      List<Map<String, Object>> all = new ArrayList<>();
      BenchCases.initializers().forEach(c -> all.add(c.toMap()));
      System.out.println(KerasJson.writePretty(Map.of("initializers", all, "models", BenchCases.MODELS)));
      return 0;
    }
    if (memory != null) {
      System.out.println(KerasJson.write(PeakMemory.measure(memory)));
      return 0;
    }
    List<String> ids = cases != null ? cases
        : (quick ? BenchCases.quick() : BenchCases.initializers()).stream().map(c -> c.id).toList();
    List<String> modelIds = models != null ? models.stream().filter(m -> !m.isBlank()).toList()
        : quick ? List.of("resnet50") : BenchCases.MODELS;
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

  /** Runs one benchmark class over parameter values; returns {param: {ours: ms, floor: ms}} medians. */
  private Map<String, Map<String, Double>> run(Class<?> benchmark, String param, List<String> values)
      throws Exception {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(benchmark.getName() + "\\.")
        .param(param, values.toArray(new String[0]))
        .measurementIterations(iterations)
        .verbosity(VerboseMode.SILENT)
        .jvmArgsAppend("-Dkerasinit.home=" + System.getProperty("kerasinit.home", "."), "-Xss4m");
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
