package io.github.kerasinit.bench;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.KerasModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job as a user runs it, a whole process from JVM start to exit, side by side in one run: the bare TF-Java
 * floor ({@link TfFloor}, started with this JVM's own options and class path, which are the launcher's; also as a
 * program that leaves JavaCPP's defaults, which looks for the CUDA build first), then for
 * each model {@code keras-init materialize MODEL} (table only) and with {@code --out MODEL.npz}. The runs are
 * interleaved (floor, then each model's two, N times), so a busy machine slows them alike; medians of wall time and
 * of peak resident memory. Peak memory comes from GNU time's {@code %M} (the child's own high-water mark, which a
 * Java parent cannot read once the child has exited); without /usr/bin/time it is not measured.
 */
public final class ProcessBenchmark {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  private ProcessBenchmark() {}

  /** One measured process: wall seconds and peak RSS in bytes (-1: not measured). */
  private record Shot(double seconds, long peakRss) {}

  /**
   * Runs the floor and every model {@code iterations} times; returns {@code {"floor": {...}, MODEL: {"table": {...},
   * "npz": {...}, "weight_bytes": N}}}, each {...} holding {@code wall_s} and {@code peak_rss_bytes} medians.
   */
  public static Map<String, Object> run(List<String> models, int iterations, Path scratch) throws IOException,
      InterruptedException {
    Path home = Path.of(System.getProperty("kerasinit.home", "."));
    Path launcher = home.resolve("target").resolve("keras-init");
    if (!Files.isExecutable(launcher)) {
      throw new KerasInitException("no launcher at " + launcher + "; run 'mvn package' first");
    }
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("floor", floorCommand());
    List<String> defaults = new ArrayList<>(floorCommand());
    defaults.add(TfFloor.JAVACPP_DEFAULTS);
    commands.put("floor_javacpp_defaults", defaults);
    Map<String, Long> weightBytes = new LinkedHashMap<>();
    for (String m : models) {
      Path file = home.resolve("models").resolve(m + ".json");
      weightBytes.put(m, KerasModel.load(file, KerasModel.options().seed(1)).byteCount());
      commands.put(m + "/table", List.of(launcher.toString(), "materialize", "--seed=1", file.toString()));
      commands.put(m + "/npz", List.of(launcher.toString(), "materialize", "--seed=1", file.toString(), "--out",
          scratch.resolve(m + ".npz").toString()));
    }
    Map<String, List<Shot>> shots = new LinkedHashMap<>();
    for (int i = 0; i < iterations; i++) {
      for (Map.Entry<String, List<String>> c : commands.entrySet()) {
        Shot shot = measure(c.getValue(), scratch);
        shots.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(shot);
        System.err.printf(Locale.ROOT, "keras-init bench --process: %d/%d %s %.2f s%n", i + 1, iterations,
            c.getKey(), shot.seconds);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("floor", medians(shots.get("floor")));
    out.put("floor_javacpp_defaults", medians(shots.get("floor_javacpp_defaults")));
    for (String m : models) {
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("table", medians(shots.get(m + "/table")));
      model.put("npz", medians(shots.get(m + "/npz")));
      model.put("weight_bytes", weightBytes.get(m));
      out.put(m, model);
    }
    return out;
  }

  /** The bare floor: this JVM's java binary, options and class path, running {@link TfFloor}. */
  static List<String> floorCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TfFloor.class.getName());
    return command;
  }

  private static Shot measure(List<String> command, Path scratch) throws IOException, InterruptedException {
    Path rss = scratch.resolve("peak-rss.txt");
    Files.deleteIfExists(rss);
    boolean gnuTime = Files.isExecutable(GNU_TIME);
    List<String> full = new ArrayList<>();
    if (gnuTime) {
      full.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
    }
    full.addAll(command);
    Path err = scratch.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
    long start = System.nanoTime();
    Process p = builder.start();
    p.getOutputStream().close();
    int code = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
      throw new KerasInitException("exit code " + code + " from " + String.join(" ", command) + ": "
          + (lines.isEmpty() ? "(no error output)" : lines.get(lines.size() - 1)));
    }
    long peak = -1;
    if (gnuTime) {
      List<String> lines = Files.readAllLines(rss, StandardCharsets.UTF_8);
      peak = Long.parseLong(lines.get(lines.size() - 1).trim()) * 1024;
    }
    return new Shot(seconds, peak);
  }

  private static Map<String, Object> medians(List<Shot> shots) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wall_s", median(shots.stream().mapToDouble(Shot::seconds).toArray()));
    m.put("peak_rss_bytes", (long) median(shots.stream().mapToDouble(Shot::peakRss).toArray()));
    return m;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The table as Markdown: wall and its ratio to the floor's; peak RSS, and how far above the floor's it is. */
  @SuppressWarnings("unchecked")
  public static List<String> markdown(Map<String, Object> results) {
    Map<String, Object> floor = (Map<String, Object>) results.get("floor");
    double floorWall = (Double) floor.get("wall_s");
    long floorRss = (Long) floor.get("peak_rss_bytes");
    List<String> lines = new ArrayList<>();
    lines.add("| process | wall (s) | / floor | peak RSS (MiB) | over floor (MiB) | weights (MiB) |");
    lines.add("| --- | ---: | ---: | ---: | ---: | ---: |");
    lines.add(String.format(Locale.ROOT, "| TF-Java floor (load TF, one eager op) | %.2f | 1.00 | %s | | |", floorWall,
        mib(floorRss)));
    Map<String, Object> defaults = (Map<String, Object>) results.get("floor_javacpp_defaults");
    if (defaults != null) {
      double wall = (Double) defaults.get("wall_s");
      lines.add(String.format(Locale.ROOT, "| the same with JavaCPP's defaults (looks for CUDA first) | %.2f | %.2f | %s"
          + " | | |", wall, wall / floorWall, mib((Long) defaults.get("peak_rss_bytes"))));
    }
    for (Map.Entry<String, Object> e : results.entrySet()) {
      if (e.getKey().startsWith("floor")) {
        continue;
      }
      Map<String, Object> model = (Map<String, Object>) e.getValue();
      long weights = ((Number) model.get("weight_bytes")).longValue();
      for (String variant : List.of("table", "npz")) {
        Map<String, Object> r = (Map<String, Object>) model.get(variant);
        double wall = (Double) r.get("wall_s");
        long rss = (Long) r.get("peak_rss_bytes");
        lines.add(String.format(Locale.ROOT, "| materialize %s%s | %.2f | %.2f | %s | %s | %s |", e.getKey(),
            variant.equals("npz") ? " --out .npz" : "", wall, wall / floorWall, mib(rss),
            rss < 0 || floorRss < 0 ? "-" : mib(rss - floorRss), mib(weights)));
      }
    }
    return lines;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }
}
