package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.device.Devices;
import io.github.kerasinit.io.OutputFiles;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.MaterializedWeights;
import io.github.kerasinit.model.WeightsFileFormat;
import io.github.kerasinit.model.WeightsFileWriter;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keras-init materialize MODEL}: every initial weight of a Keras model, as a table and a .npz file. */
@Command(name = "materialize", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Creates a Keras model's initial weights, as Python Keras does.",
        "Every weight is made with the initializer its layer's config names, with the bytes Python Keras gives;"
            + " prints a table per weight and, with --out, writes them to a Keras weights file (.weights.h5, legacy .h5) or a"
            + " .npz keyed by Keras weight path.",
        "MODEL: model.to_json() output (Keras 2 or 3), a .keras archive or a legacy .h5 file (default:"
            + " models/cnn_bn.json)."})
final class MaterializeCommand implements Callable<Integer> {
  /** Weights are made and written in groups of about this many bytes, so the progress bar moves. */
  private static final long CHUNK_BYTES = 64L << 20;

  @Parameters(arity = "0..1", paramLabel = "MODEL", description = "The model file.")
  Path model;

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

  @Option(names = "--out", description = "Write the weights to FILE: a name ending in .weights.h5 gets Keras 3's"
      + " weights file (model.load_weights(FILE)), another .h5/.hdf5 the legacy one tf.keras 2 reads, any other name"
      + " a .npz (np.load(FILE)[path]).")
  Path out;

  @Option(names = "--weights-format", paramLabel = "FORMAT", description = "keras3, keras2 or npz: states the"
      + " --out format, which must suit its name as Keras reads it (--format is the table's).")
  String weightsFormat;

  @Option(names = "--dtype", description = "Create every float weight in this dtype (float16, bfloat16, float32,"
      + " float64) instead of the layers' dtype policies.")
  String dtype;

  @Option(names = "--skip-unsupported", description = "Skip layers keras-init does not know, with a warning.")
  boolean skipUnsupported;

  @Option(names = "--format", defaultValue = "table", description = "table (default) or json.")
  String format;

  @Option(names = "--no-progress", description = "Never show a progress bar.")
  boolean noProgress;

  @Option(names = "--device", description = "Run every op on this device: /CPU:0, /GPU:0... (default: TF's placement,"
      + " a GPU when the -Pgpu build sees one). An absent device is an error; nothing falls back silently.")
  String device;

  @Override
  public Integer call() throws Exception {
    Path file = model != null ? model : defaultModel();
    if (!format.equals("table") && !format.equals("json")) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--format must be table or json, got " + format);
    }
    if (device != null) {
      Devices.require(device);
    }
    KerasModel.Options options = KerasModel.options().skipUnsupported(skipUnsupported);
    if (seed != null) {
      options.seed(seed);
    }
    if (dtype != null) {
      options.dtype(DType.of(dtype));
    }
    WeightsFileFormat outFormat = null;
    if (out != null) {
      OutputFiles.check(out, List.of(file)); // before the work: a bad --out fails in a second, not after minutes
      outFormat = WeightsFileFormat.of(out, weightsFormat);
    } else if (weightsFormat != null) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--weights-format needs --out");
    }
    long start = System.nanoTime();
    KerasModel keras = KerasModel.load(file, options);
    List<Map<String, Object>> rows = new ArrayList<>();
    if (out != null) {
      WeightsFileFormat format = outFormat;
      format.check(keras, "--out " + out);
      OutputFiles.write(out, List.of(file), stream -> {
        try (WeightsFileWriter writer = format.open(keras, stream)) {
          materialize(keras, rows, writer);
        }
      });
    } else {
      materialize(keras, rows, null);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    PrintStream o = System.out;
    if (format.equals("json")) {
      o.println(KerasJson.writePretty(Map.of("model", keras.name(), "weights", rows)));
    } else {
      printTable(o, keras, rows);
      o.printf(Locale.ROOT, "%s \"%s\" from %s: %d weights, %,d parameters, %,d bytes in %.2f s%s%n",
          keras.className(), keras.name(), file, rows.size(), keras.parameterCount(), keras.byteCount(), seconds,
          out != null ? "; wrote " + out : "");
    }
    for (String w : keras.warnings()) {
      System.err.println("keras-init: warning: " + w);
    }
    return 0;
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
   * Makes the weights in groups, adds each to the table (and the --out file), releases them. Statistics and the file
   * read each tensor's native buffer in chunks: no weight is copied to the Java heap, so none is limited to a Java
   * array's 2 GiB, and the peak memory is the group's tensors alone.
   */
  private void materialize(KerasModel keras, List<Map<String, Object>> rows, WeightsFileWriter file)
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
            if (file != null) {
              file.add(w, data);
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
