package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.device.Devices;
import io.github.kerasinit.io.OutputFiles;
import io.github.kerasinit.io.WeightsFiles;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.WeightStream;
import io.github.kerasinit.model.WeightsFileFormat;
import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.random.PythonRandom;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keras-init materialize MODEL}: every initial weight of a Keras model, as a table and a .npz file. */
@Command(name = MaterializeCommand.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Creates a Keras model's initial weights, as Python Keras does.",
        "Every weight is made with the initializer its layer's config names, with the bytes Python Keras gives;"
            + " prints a table per weight and, with --out, writes them to a Keras weights file (.weights.h5, sharded"
            + " .weights.json, legacy .h5), a .keras model archive, a .safetensors or a .npz, streamed: memory is"
            + " bounded by --chunk-size, not by the model.",
        "MODEL: model.to_json() output (Keras 2 or 3), a .keras archive, a model directory (model.save(dir,"
            + " zipped=False)) or a legacy .h5 file (default: models/cnn_bn.json)."})
final class MaterializeCommand implements Callable<Integer> {
  static final String NAME = "materialize";

  @Spec
  CommandSpec spec; // the running CommandLine: its error stream is the one Main set

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

  @Option(names = "--out", converter = PathArguments.FileName.class, description = "Write the weights to FILE, its"
      + " format chosen by the name as Keras chooses its"
      + " loader: X.weights.h5 is Keras 3's weights file (model.load_weights(FILE)), another .h5/.hdf5 the legacy one"
      + " tf.keras 2 reads, X.keras the model with these weights (keras.models.load_model(FILE)), X.weights.json"
      + " Keras' sharded weights, .safetensors safetensors, any other name but .json a .npz (np.load(FILE)[path]); missing directories are created; with"
      + " several models, one --out per model, in the same order.")
  List<Path> outs;

  @Option(names = "--out-dir", paramLabel = "DIR", description = "Write each model's weights to DIR/NAME.npz (or"
      + " the --weights-format's suffix), NAME its file name without the extension (mlp.json: DIR/mlp.npz).")
  Path outDir;

  @Option(names = "--chunk-size", paramLabel = "SIZE", description = "The most bytes made at once (default 256MiB;"
      + " the part made before is written meanwhile, so about twice this is held): a larger weight is made and"
      + " written slice by slice, so memory stays bounded whatever the model's size."
      + " Units: B, KB, KiB, MB, MiB, GB, GiB, TB, TiB.")
  String chunkSize;

  @Option(names = "--max-shard-size", paramLabel = "SIZE", description = "Split a .safetensors --out into shards of"
      + " at most SIZE bytes of data (X-00001-of-0000N.safetensors, in weight order) plus X.safetensors.index.json,"
      + " or size the shards of Keras' sharded weights (--out X.weights.json: X_00000.weights.h5..., in Keras' save"
      + " order; default 5GiB, as Keras'); a weight larger than SIZE gets a shard of its own.")
  String maxShardSize;

  @Option(names = "--weights-format", paramLabel = "FORMAT", description = "keras3, keras2, keras (a .keras"
      + " archive), safetensors or npz: states the --out format, which must suit its name as Keras reads it"
      + " (--format is the table's).")
  String weightsFormat;

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
    if (weightsFormat != null && targets.stream().allMatch(t -> t == null)) {
      throw usage("--weights-format needs --out or --out-dir");
    }
    for (Path target : targets) {
      if (target != null) {
        WeightsFileFormat.of(target, weightsFormat); // a name that does not suit --weights-format fails now
      }
    }
    if (device != null) {
      Devices.require(device);
    }
    KerasModel.Options options = KerasModel.options().skipUnsupported(skipUnsupported);
    if (seed != null) {
      options.seed(seed); // each load seeds its own PythonRandom: every model gets what it would get alone
    }
    if (dtype != null) {
      options.dtype(DType.oneOf(dtype, DType.floats(), "--dtype"));
    }
    for (Path target : targets) {
      if (target != null) {
        OutputFiles.check(target, files); // before the work: a bad --out fails in a second, not after minutes
      }
    }
    chunkBytes(); // a bad --chunk-size too
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
      targets.add(outDir == null ? null : outDir.resolve(stem(f) + (weightsFormat == null ? ".npz"
          : WeightsFileFormat.fromOption(weightsFormat).suffix())));
    }
    if (outDir != null) {
      requireDistinct(targets, "--out-dir " + outDir + ":");
    }
    return targets;
  }

  /**
   * Two models written to one file would leave only the last: refused before any work, also when the two names are
   * one file (a symbolic link to the other, a path through one).
   */
  private void requireDistinct(List<Path> targets, String what) {
    Map<Path, Path> seen = new LinkedHashMap<>();
    for (Path t : targets) {
      Path previous = seen.put(OutputFiles.landsIn(t), t);
      if (previous != null) {
        throw usage(what + " two models would be written to " + (previous.equals(t) ? t : t + " and " + previous
            + ", one file,") + "; give each model its own output file");
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
    String written = null;
    if (out != null) {
      long maxShard = maxShardSize == null ? 0 : WeightsFiles.parseSize(maxShardSize, "--max-shard-size");
      WeightsFiles files = WeightsFileFormat.of(out, weightsFormat).files(keras, out, maxShard);
      files.files().forEach(f -> OutputFiles.check(f, inputs));
      materialize(keras, rows, files, inputs);
      written = files.index() == null ? out.toString()
          : files.index() + " and " + files.parts().size() + " shards";
    } else {
      materialize(keras, rows, null, inputs);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> document = null;
    if (format.equals("json")) {
      document = new LinkedHashMap<>(); // in this order on every run: Map.of's order changes from one JVM to the next
      document.put("model", keras.name());
      document.put("weights", rows);
    } else {
      PrintStream o = System.out;
      printTable(o, keras, rows);
      o.print(keras.className() + " \"" + keras.name() + "\" from " + file + ": " + rows.size() + " weights, "
          + PlainNumbers.grouped(keras.parameterCount()) + " parameters, " + PlainNumbers.grouped(keras.byteCount())
          + " bytes in " + PlainNumbers.fixed(seconds, 2) + " s" + (out != null ? "; wrote " + written : "")
          + System.lineSeparator());
      o.flush();
    }
    for (String w : keras.warnings()) {
      System.err.println("keras-init: warning: " + w);
    }
    return document;
  }

  /**
   * A table cell's statistic: five decimals; from 1e6 on five significant decimals in exponent form (a Constant of
   * 3e38 printed 45 digits, most of them noise); inf, -inf and nan as numpy prints them.
   */
  static String statistic(double x) {
    if (!Double.isFinite(x)) {
      return PythonText.floatRepr(x);
    }
    if (Math.abs(x) >= 1e6) {
      return String.format(Locale.ROOT, "%.5e", x);
    }
    return PlainNumbers.fixed(x, 5); // what %.5f prints; a Formatter per cell was 15 ms of ResNet50's table
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
   * Streams the weights ({@link StreamedMaterialize}): the table's statistics and, with {@code --out}, the weights
   * files; native memory is bounded by the chunk size, not by the model or its largest weight.
   */
  private void materialize(KerasModel keras, List<Map<String, Object>> rows, WeightsFiles files, List<Path> inputs)
      throws java.io.IOException {
    boolean showProgress = !noProgress && System.console() != null && keras.byteCount() > WeightStream.GROUP_BYTES;
    try (ProgressBar bar = showProgress ? new ProgressBarBuilder().setTaskName("materializing")
        .setInitialMax(keras.byteCount()).setUnit(" MiB", 1L << 20).showSpeed().setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null) {
      StreamedMaterialize stream = new StreamedMaterialize(keras.weights(), chunkBytes(), device, bar,
          format.equals("json"));
      if (files != null) {
        stream.write(files, inputs);
      } else {
        stream.statisticsOnly();
      }
      for (WeightSpec w : keras.weights()) {
        rows.add(row(w, stream.meanStd(w), stream.sha256(w)));
      }
    }
  }

  private long chunkBytes() {
    return chunkSize == null ? WeightStream.DEFAULT_CHUNK_BYTES : WeightsFiles.parseSize(chunkSize, "--chunk-size");
  }

  /** A weight's table row; with {@code sha256} (the JSON output) also the SHA-256 of its bytes, as the goldens. */
  private static Map<String, Object> row(WeightSpec w, double[] stats, String sha256) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("path", w.path());
    row.put("initializer", w.init().describe());
    row.put("shape", w.shape());
    row.put("dtype", w.dtype().kerasName());
    row.put("mean", stats[0]);
    row.put("std", stats[1]);
    row.put("expected_std", w.init().expectedStd(w.shape()));
    if (sha256 != null) {
      row.put("sha256", sha256);
    }
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
          statistic((Double) r.get("mean")), statistic((Double) r.get("std")),
          expected == null ? "-" : statistic(expected)});
    }
    int[] width = new int[7];
    for (String[] c : cells) {
      for (int i = 0; i < 7; i++) {
        width[i] = Math.min(Math.max(width[i], c[i].length()), i == 1 ? 48 : 60);
      }
    }
    // padded by hand and printed at once, not a String.format per cell (2,240 of them for ResNet50's 320 rows)
    StringBuilder table = new StringBuilder();
    for (String[] c : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 7; i++) {
        String v = c[i].length() > width[i] ? c[i].substring(0, width[i] - 1) + "~" : c[i];
        String pad = " ".repeat(width[i] - v.length());
        line.append(i >= 4 ? pad + v : v + pad).append(i < 6 ? "  " : "");
      }
      table.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    o.print(table);
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
