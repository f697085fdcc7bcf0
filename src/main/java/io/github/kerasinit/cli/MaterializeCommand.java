package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.device.Devices;
import io.github.kerasinit.io.NpzWriter;
import io.github.kerasinit.io.OutputFiles;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.MaterializedWeights;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.tensor.TensorBytes;
import io.github.kerasinit.text.PythonText;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keras-init materialize MODEL}: every initial weight of a Keras model, as a table and a .npz file. */
@Command(name = "materialize", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Creates a Keras model's initial weights, as Python Keras does.",
        "Every weight is made with the initializer its layer's config names, with the bytes Python Keras gives;"
            + " prints a table per weight and, with --out, writes them to a .npz keyed by Keras weight path.",
        "MODEL: model.to_json() output (Keras 2 or 3), a .keras archive or a legacy .h5 file (default:"
            + " models/cnn_bn.json)."})
final class MaterializeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec; // the running CommandLine: its error stream is the one Main set

  /** Weights are made and written in groups of about this many bytes, so the progress bar moves. */
  private static final long CHUNK_BYTES = 64L << 20;

  @Parameters(arity = "0..*", paramLabel = "MODEL", description = "The model file; several models are made one"
      + " after the other in one process, each as if alone (same seeds, own table and output), so that a sweep"
      + " starts the JVM and loads TensorFlow once.")
  List<String> models; // converted in call(): picocli leaves a multi-valued positional it cannot convert unmatched

  @Option(names = "--seed", converter = SetRandomSeed.class, description = "As keras.utils.set_random_seed(N), N from 0"
      + " to 2^32 - 1, before the model is read: unseeded initializers get the seeds Keras would give them. Without"
      + " it they are random.")
  Long seed;

  /** A seed keras.utils.set_random_seed takes; another is a usage error, as for any option value out of range. */
  static final class SetRandomSeed implements picocli.CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return PythonRandom.checkSetRandomSeed(Long.parseLong(value.trim()));
      } catch (NumberFormatException | KerasInitException e) {
        throw new picocli.CommandLine.TypeConversionException("\"" + value + "\": expected an integer from 0 to "
            + PythonRandom.MAX_SET_RANDOM_SEED + " (2**32 - 1), the seeds keras.utils.set_random_seed takes");
      }
    }
  }

  @Option(names = "--out", description = "Write the weights to this .npz (np.load(FILE)[path]); with several models,"
      + " one --out per model, in the same order.")
  List<Path> outs;

  @Option(names = "--out-dir", paramLabel = "DIR", description = "Write each model's weights to DIR/NAME.npz, NAME"
      + " its file name without the extension (mlp.json: DIR/mlp.npz).")
  Path outDir;

  @Option(names = "--dtype", description = "Create every float weight in this dtype (float16, bfloat16, float32,"
      + " float64) instead of the layers' dtype policies.")
  String dtype;

  @Option(names = "--skip-unsupported", description = "Skip layers keras-init does not know, with a warning.")
  boolean skipUnsupported;

  @Option(names = "--format", defaultValue = "table", description = "table (default) or json (with several models,"
      + " a JSON list of what one model prints).")
  String format;

  @Option(names = "--no-progress", description = "Never show a progress bar.")
  boolean noProgress;

  @Option(names = "--device", description = "Run every op on this device: /CPU:0, /GPU:0... (default: TF's placement,"
      + " a GPU when the -Pgpu build sees one). An absent device is an error; nothing falls back silently.")
  String device;

  @Override
  public Integer call() throws Exception {
    List<Path> files = new ArrayList<>();
    for (String m : models != null ? models : List.<String>of()) {
      try {
        files.add(PathArguments.convert(m));
      } catch (picocli.CommandLine.TypeConversionException e) {
        throw usage("MODEL: " + e.getMessage());
      }
    }
    if (files.isEmpty()) {
      files.add(defaultModel());
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw usage("--format must be table or json, got " + format);
    }
    List<Path> targets = outputs(files);
    if (device != null) {
      Devices.require(device);
    }
    KerasModel.Options options = KerasModel.options().skipUnsupported(skipUnsupported);
    if (seed != null) {
      options.seed(seed); // each load seeds its own PythonRandom: every model gets what it would get alone
    }
    if (dtype != null) {
      options.dtype(DType.of(dtype));
    }
    for (Path target : targets) {
      if (target != null) {
        OutputFiles.check(target, files); // before the work: a bad --out fails in a second, not after minutes
      }
    }
    List<Object> documents = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Map<String, Object> document = materializeOne(files.get(i), targets.get(i), files, options);
      if (document != null) {
        documents.add(document);
      }
    }
    if (format.equals("json")) {
      System.out.println(KerasJson.writePretty(documents.size() == 1 && files.size() == 1 ? documents.get(0)
          : documents));
    }
    return 0;
  }

  /** The output file of each model (null: table only), from --out or --out-dir; ambiguous combinations refused. */
  private List<Path> outputs(List<Path> files) {
    if (outs != null && outDir != null) {
      throw usage("--out and --out-dir cannot be combined: give one --out per model, or --out-dir alone");
    }
    if (outs != null) {
      if (outs.size() != files.size()) {
        throw usage(String.format(Locale.ROOT, "%d --out for %d models: give one --out per model, in the models'"
            + " order, or --out-dir DIR", outs.size(), files.size()));
      }
      requireDistinct(outs, "--out");
      return outs;
    }
    List<Path> targets = new ArrayList<>();
    for (Path f : files) {
      targets.add(outDir == null ? null : outDir.resolve(stem(f) + ".npz"));
    }
    if (outDir != null) {
      requireDistinct(targets, "--out-dir " + outDir + ":");
    }
    return targets;
  }

  /** Two models written to one file would leave only the last: refused before any work. */
  private void requireDistinct(List<Path> targets, String what) {
    Map<Path, Path> seen = new LinkedHashMap<>();
    for (Path t : targets) {
      Path previous = seen.put(t.toAbsolutePath().normalize(), t);
      if (previous != null) {
        throw usage(what + " two models would be written to " + t + "; give each model its own output file");
      }
    }
  }

  /** The file name without its last extension: resnet50.json, resnet50.keras and resnet50.h5 are all resnet50. */
  private static String stem(Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * One model: its weights made, its table printed with the summary line (or, for --format json, its document
   * returned), its output written when {@code out} is not null. {@code inputs}: every model file, never overwritten.
   */
  private Map<String, Object> materializeOne(Path file, Path out, List<Path> inputs, KerasModel.Options options)
      throws java.io.IOException {
    long start = System.nanoTime();
    KerasModel keras = KerasModel.load(file, options);
    List<Map<String, Object>> rows = new ArrayList<>();
    if (out != null) {
      keras.requireUniquePaths("--out " + out + ", a .npz keyed by weight path,");
      keras.weights().forEach(w -> NpzWriter.checkKey(w.path()));
      OutputFiles.write(out, inputs, stream -> {
        try (NpzWriter npz = new NpzWriter(stream)) {
          materialize(keras, rows, npz);
        }
      });
    } else {
      materialize(keras, rows, null);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> document = null;
    if (format.equals("json")) {
      document = Map.of("model", keras.name(), "weights", rows);
    } else {
      PrintStream o = System.out;
      printTable(o, keras, rows);
      o.printf(Locale.ROOT, "%s \"%s\" from %s: %d weights, %,d parameters, %,d bytes in %.2f s%s%n",
          keras.className(), keras.name(), file, rows.size(), keras.parameterCount(), keras.byteCount(), seconds,
          out != null ? "; wrote " + out : "");
      o.flush();
    }
    for (String w : keras.warnings()) {
      System.err.println("keras-init: warning: " + w);
    }
    return document;
  }

  private static Path defaultModel() {
    String home = System.getProperty("kerasinit.home");
    Path base = home != null ? Path.of(home) : Path.of(".");
    Path candidate = base.resolve("models").resolve("cnn_bn.json");
    if (!Files.exists(candidate)) {
      throw new KerasInitException("no MODEL given and the default " + candidate + " does not exist");
    }
    return candidate;
  }

  /**
   * Makes the weights in groups, adds each to the table (and the .npz), releases them. Statistics and the .npz read
   * each tensor's native buffer in chunks: no weight is copied to the Java heap, so none is limited to a Java array's
   * 2 GiB, and the peak memory is the group's tensors alone.
   */
  private void materialize(KerasModel keras, List<Map<String, Object>> rows, NpzWriter npz)
      throws java.io.IOException {
    List<List<WeightSpec>> groups = groups(keras.weights());
    boolean showProgress = !noProgress && System.console() != null && keras.byteCount() > CHUNK_BYTES;
    try (ProgressBar bar = showProgress ? new ProgressBarBuilder().setTaskName("materializing")
        .setInitialMax(keras.byteCount() >> 20).setUnit(" MiB", 1).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null) {
      for (List<WeightSpec> group : groups) {
        try (MaterializedWeights weights = keras.materialize(group, device)) {
          for (WeightSpec w : group) {
            ByteDataBuffer data = TensorBytes.data(weights.get(w));
            rows.add(row(w, data));
            if (npz != null) {
              npz.add(w.path(), w.dtype(), w.shape(), data);
            }
            if (bar != null) {
              bar.stepBy((w.size() * w.dtype().byteSize()) >> 20);
            }
          }
        }
      }
    }
  }

  private static List<List<WeightSpec>> groups(List<WeightSpec> weights) {
    List<List<WeightSpec>> groups = new ArrayList<>();
    List<WeightSpec> current = new ArrayList<>();
    long bytes = 0;
    for (WeightSpec w : weights) {
      current.add(w);
      bytes += w.size() * w.dtype().byteSize();
      if (bytes >= CHUNK_BYTES) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  private static Map<String, Object> row(WeightSpec w, ByteDataBuffer data) {
    double[] stats = Stats.meanStd(w.dtype(), data);
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("path", w.path());
    row.put("initializer", w.init().describe());
    row.put("shape", w.shape());
    row.put("dtype", w.dtype().kerasName());
    row.put("mean", stats[0]);
    row.put("std", stats[1]);
    row.put("expected_std", w.init().expectedStd(w.shape()));
    return row;
  }

  private static void printTable(PrintStream o, KerasModel keras, List<Map<String, Object>> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"path", "initializer", "shape", "dtype", "mean", "std", "expected std"});
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> r = rows.get(i);
      WeightSpec w = keras.weights().get(i);
      Double expected = (Double) r.get("expected_std");
      cells.add(new String[] {(String) r.get("path"), Describe.initializer(w.init()),
          java.util.Arrays.toString((long[]) r.get("shape")), (String) r.get("dtype"),
          String.format(Locale.ROOT, "%.5f", (Double) r.get("mean")),
          String.format(Locale.ROOT, "%.5f", (Double) r.get("std")),
          expected == null ? "-" : String.format(Locale.ROOT, "%.5f", expected)});
    }
    int[] width = new int[7];
    for (String[] c : cells) {
      for (int i = 0; i < 7; i++) {
        width[i] = Math.min(Math.max(width[i], c[i].length()), i == 1 ? 48 : 60);
      }
    }
    for (String[] c : cells) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 7; i++) {
        String v = c[i].length() > width[i] ? c[i].substring(0, width[i] - 1) + "~" : c[i];
        sb.append(String.format(Locale.ROOT, "%" + (i >= 4 ? "" : "-") + width[i] + "s", v));
        sb.append(i < 6 ? "  " : "");
      }
      o.println(sb.toString().stripTrailing());
    }
  }

  /** Short descriptions for the table. */
  static final class Describe {
    private Describe() {}

    /** {@code GlorotUniform(seed=None)}: the class and the config entries that are set (the seed always). */
    static String initializer(WeightInit init) {
      if (init instanceof WeightInit.Called) {
        KerasInitializer k = ((WeightInit.Called) init).initializer();
        Map<String, Object> shown = new LinkedHashMap<>(k.config());
        shown.entrySet().removeIf(e -> e.getValue() == null && !e.getKey().equals("seed"));
        return PythonText.call(k.className(), shown);
      }
      Object d = init.describe();
      return d instanceof Map && ((Map<?, ?>) d).containsKey("concatenate")
          ? "concat(" + ((List<?>) ((Map<?, ?>) d).get("concatenate")).stream()
              .map(x -> String.valueOf(((Map<?, ?>) x).get("class_name"))).reduce((a, b) -> a + ", " + b).orElse("")
              + ")"
          : String.valueOf(d);
    }
  }
}
