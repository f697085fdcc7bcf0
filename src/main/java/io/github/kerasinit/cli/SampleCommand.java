package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.device.EagerValue;
import io.github.kerasinit.io.InputFiles;
import io.github.kerasinit.io.Npy;
import io.github.kerasinit.io.OutputFiles;
import io.github.kerasinit.model.ModelFiles;
import io.github.kerasinit.random.PythonRandom;
import io.github.kerasinit.tensor.OutOfMemory;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keras-init sample}: one tensor, or a whole case file in one JVM (the parity suite's contract). */
@Command(name = SampleCommand.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Writes an initializer's values to a .npy file.",
        "C order, little endian; bfloat16 as its uint16 bits. With --cases, a whole case file in one JVM: DIR/<id>.npy"
            + " and DIR/manifest.json, which also holds each initializer's Keras 3 serialization.",
        "  keras-init sample --config he_normal --shape 3,3,16,32 --out w.npy",
        "  keras-init sample --cases cases.json --out-dir DIR"})
final class SampleCommand implements Callable<Integer> {
  static final String NAME = "sample";

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final long MAX_CALLS = 1000;
  /** A case's keys: what it is, plus the parity suite's labels ("group", "legacy_of"), carried and not read. */
  private static final List<String> CASE_KEYS = List.of("id", "config", "shape", "dtype", "calls", "python_seed",
      "group", "legacy_of");

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  @Option(names = "--device", description = "Run the ops on this device: /CPU:0, /GPU:0... (default: TF's"
      + " placement). An absent device is an error; nothing falls back silently.")
  String device;

  static final class Mode {
    @ArgGroup(exclusive = false)
    Single single;

    @ArgGroup(exclusive = false)
    Batch batch;
  }

  static final class Single {
    @Option(names = "--config", required = true, description = "A name (he_normal), a JSON config, or @file.json.")
    String config;

    // one string, not picocli's split: split drops empty parts, so 3,,4 read as [3, 4]
    @Option(names = "--shape", required = true, description = "Comma-separated dims, e.g. 3,4 ('' for a scalar).")
    String shape;

    @Option(names = "--dtype", defaultValue = "float32", description = "Keras dtype (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--out", required = true, converter = PathArguments.FileName.class,
        description = "The .npy file to write.")
    Path out;

    @Option(names = "--python-seed", converter = MaterializeCommand.SetRandomSeed.class,
        description = "random.seed(N) before the config is read, as"
        + " keras.utils.set_random_seed(N): unseeded initializers then draw Keras' seed.")
    Long pythonSeed;
  }

  static final class Batch {
    @Option(names = "--cases", required = true, description = "JSON list of {id, config, shape, dtype[, calls,"
        + " python_seed]} (labels group and legacy_of are carried; any other key is refused).")
    Path cases;

    @Option(names = "--out-dir", required = true, description = "Directory for <id>.npy and manifest.json.")
    Path outDir;
  }

  @Override
  public Integer call() throws Exception {
    if (mode.single != null) {
      Single s = mode.single;
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("config", Configs.parseIdentifier(s.config));
      c.put("shape", parseShape(s.shape));
      c.put("dtype", s.dtype);
      if (s.pythonSeed != null) {
        c.put("python_seed", PythonRandom.checkSetRandomSeed(s.pythonSeed)); // documented as set_random_seed(N)
      }
      // an @file config is an input: --out must not overwrite it
      List<Path> inputs = s.config.trim().startsWith("@") ? List.of(Path.of(s.config.trim().substring(1))) : List.of();
      OutputFiles.check(s.out, inputs);
      try (Sampled result = sample(c, device)) {
        OutputFiles.write(s.out, inputs, out -> Npy.write(out, result.dtype, result.shape, result.data()));
        System.out.println("wrote " + s.out + ": " + result.dtype + " " + java.util.Arrays.toString(result.shape)
            + " sha256 " + result.sha256());
      }
      return 0;
    }
    return runBatch(mode.batch.cases, mode.batch.outDir);
  }

  private static List<Long> parseShape(String value) {
    List<Long> dims = new ArrayList<>();
    if (value.isBlank()) {
      return dims; // a scalar
    }
    for (String p : value.split(",", -1)) {
      try {
        dims.add(Long.parseLong(p.trim()));
      } catch (NumberFormatException e) {
        throw new KerasInitException("--shape \"" + value + "\": " + (p.isBlank() ? "an empty dimension"
            : "\"" + p.trim() + "\" is not an integer") + "; expected comma-separated integers, e.g. 3,4 ('' for a"
            + " scalar)");
      }
    }
    return dims;
  }

  private int runBatch(Path casesFile, Path outDir) throws IOException {
    Object parsed = KerasJson.parse(InputFiles.readAll(casesFile, ModelFiles.MAX_CONFIG_BYTES, "--cases file"),
        casesFile.toString());
    List<Map<String, Object>> cases = validateBatch(parsed, casesFile);
    OutputFiles.createDirectories(outDir);
    OutputFiles.check(outDir.resolve("manifest.json"), List.of(casesFile));
    List<Map<String, Object>> manifest = new ArrayList<>();
    int ok = 0;
    for (Map<String, Object> c : cases) {
      String id = (String) c.get("id");
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", id);
      Sampled result;
      try {
        result = sample(c, device);
      } catch (KerasInitException e) {
        entry.put("status", "error");
        entry.put("error_type", "KerasInitException");
        entry.put("message", e.getMessage());
        manifest.add(entry);
        continue;
      }
      try (result) { // outside the try above: an output that cannot be written fails the job, not the case
        OutputFiles.write(outDir.resolve(id + ".npy"), List.of(casesFile),
            out -> Npy.write(out, result.dtype, result.shape, result.data()));
        entry.put("serialized", Initializers.serialize(result.initializer));
        entry.put("status", "ok");
        entry.put("dtype", result.dtype.kerasName());
        entry.put("shape", result.shape);
        entry.put("sha256", result.sha256());
        ok++;
      }
      manifest.add(entry);
    }
    OutputFiles.write(outDir.resolve("manifest.json"), List.of(casesFile),
        out -> out.write(KerasJson.writePretty(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    System.out.println(manifest.size() + " cases: " + ok + " ok, " + (manifest.size() - ok) + " rejected -> " + outDir);
    return 0;
  }

  /**
   * What makes a case file a batch, checked for every case before anything is written: a list of objects, each
   * with an id that is a safe file name and unique (ignoring case, as file names on macOS and Windows do), and
   * {@code calls} and {@code python_seed}, when given, of the right type and range. A bad config, dtype or shape is
   * the case's own rejection, listed in the manifest as Keras would raise it.
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> validateBatch(Object parsed, Path casesFile) {
    if (!(parsed instanceof List)) {
      throw new KerasInitException(casesFile + ": expected a JSON list of cases, got "
          + KerasInitException.describe(parsed));
    }
    List<Map<String, Object>> cases = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    int index = 0;
    for (Object item : (List<Object>) parsed) {
      if (!(item instanceof Map)) {
        throw new KerasInitException(casesFile + ": case " + index + " must be an object, got "
            + KerasInitException.describe(item));
      }
      Map<String, Object> c = (Map<String, Object>) item;
      Object id = c.get("id");
      if (id == null) {
        throw new KerasInitException(casesFile + ": case " + index + " has no \"id\"; every case needs one, 1-200"
            + " letters, digits, '.', '_' or '-'");
      }
      if (!(id instanceof String) || !SAFE_ID.matcher((String) id).matches()) {
        throw new KerasInitException(casesFile + ": case " + index + ": id " + KerasInitException.describe(id)
            + " must be 1-200 letters, digits, '.', '_' or '-'");
      }
      String previous = ids.putIfAbsent(((String) id).toLowerCase(Locale.ROOT), (String) id);
      if (previous != null) {
        throw new KerasInitException(casesFile + ": case " + index + ": id \"" + id + "\" is already the id of"
            + " an earlier case" + (previous.equals(id) ? "" : " (\"" + previous + "\", the same file name where"
            + " case does not count)") + "; every case needs its own file");
      }
      for (String key : c.keySet()) {
        if (!CASE_KEYS.contains(key)) { // a typo ("python_sed") would leave the draw silently unseeded
          throw new KerasInitException(casesFile + ": case \"" + id + "\": unknown key \"" + key + "\"; a case has "
              + String.join(", ", CASE_KEYS));
        }
      }
      try {
        calls(c);
        pythonSeed(c);
      } catch (KerasInitException e) {
        throw new KerasInitException(casesFile + ": case \"" + id + "\": " + e.getMessage(), e);
      }
      cases.add(c);
      index++;
    }
    return cases;
  }

  /** {@code "calls"}: an int 1..1000, 1 when absent. */
  private static int calls(Map<String, Object> c) {
    if (!c.containsKey("calls")) {
      return 1;
    }
    Object calls = c.get("calls");
    if (!(calls instanceof Long) || (Long) calls < 1 || (Long) calls > MAX_CALLS) {
      throw new KerasInitException("\"calls\" must be an int from 1 to " + MAX_CALLS + ", got "
          + KerasInitException.describe(calls));
    }
    return ((Long) calls).intValue();
  }

  /** {@code "python_seed"}: any int, as {@code random.seed} takes it (none: the process' stream). */
  private static PythonRandom pythonSeed(Map<String, Object> c) {
    Object seed = c.get("python_seed");
    if (seed == null) {
      return PythonRandom.global();
    }
    if (seed instanceof Long) {
      return new PythonRandom((Long) seed);
    }
    if (seed instanceof BigInteger) {
      return new PythonRandom((BigInteger) seed);
    }
    throw new KerasInitException("\"python_seed\" must be an int (random.seed(N)), got "
        + KerasInitException.describe(seed));
  }

  /** One case: {config, shape, dtype, calls?, python_seed?}. */
  static Sampled sample(Map<String, Object> c, String device) {
    PythonRandom random = pythonSeed(c);
    int calls = calls(c);
    KerasInitializer init = Initializers.get(c.get("config"), random);
    if (init == null) {
      throw new KerasInitException("case has no config");
    }
    DType dtype = DType.of(c.get("dtype") == null ? null : String.valueOf(c.get("dtype")));
    Shape shape = Shape.of(toDims(c.get("shape")));
    try {
      return new Sampled(init, EagerValue.computeNative(init, shape, dtype, calls, device));
    } catch (OutOfMemoryError e) {
      throw OutOfMemory.making(String.format(java.util.Locale.ROOT, "a tensor of shape %s %s (%,d bytes)", shape,
          dtype.kerasName(), shape.size() * dtype.byteSize()), e);
    }
  }

  private static long[] toDims(Object shape) {
    if (!(shape instanceof List)) {
      throw new KerasInitException("\"shape\" must be a list of ints, got " + KerasInitException.describe(shape));
    }
    List<?> list = (List<?>) shape;
    long[] dims = new long[list.size()];
    for (int i = 0; i < dims.length; i++) {
      Object d = list.get(i);
      if (!(d instanceof Long || d instanceof Integer)) {
        throw new KerasInitException("\"shape\" must be a list of ints, got " + shape);
      }
      dims[i] = ((Number) d).longValue();
    }
    return dims;
  }

  /** One sampled value, in TensorFlow's memory until closed: written and hashed in chunks, never copied whole. */
  static final class Sampled implements AutoCloseable {
    final KerasInitializer initializer;
    final DType dtype;
    final long[] shape;
    private final EagerValue.Native value;

    Sampled(KerasInitializer initializer, EagerValue.Native value) {
      this.initializer = initializer;
      this.value = value;
      this.dtype = value.dtype;
      this.shape = value.shape;
    }

    ByteDataBuffer data() {
      return value.data();
    }

    String sha256() {
      return TensorBytes.sha256(value.data());
    }

    @Override
    public void close() {
      value.close();
    }
  }
}
