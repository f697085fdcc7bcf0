package io.github.kerasinit.cli;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.device.EagerValue;
import io.github.kerasinit.io.AtomicFiles;
import io.github.kerasinit.io.Npy;
import io.github.kerasinit.random.PythonRandom;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keras-init sample}: one tensor, or a whole case file in one JVM (the parity suite's contract). */
@Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Writes an initializer's values to a .npy file.",
        "C order, little endian; bfloat16 as its uint16 bits. With --cases, a whole case file in one JVM: DIR/<id>.npy"
            + " and DIR/manifest.json, which also holds each initializer's Keras 3 serialization.",
        "  keras-init sample --config he_normal --shape 3,3,16,32 --out w.npy",
        "  keras-init sample --cases cases.json --out-dir DIR"})
final class SampleCommand implements Callable<Integer> {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

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

    @Option(names = "--out", required = true, description = "The .npy file to write.")
    Path out;

    @Option(names = "--python-seed", description = "random.seed(N) before the config is read, as"
        + " keras.utils.set_random_seed(N): unseeded initializers then draw Keras' seed.")
    Long pythonSeed;
  }

  static final class Batch {
    @Option(names = "--cases", required = true, description = "JSON list of {id, config, shape, dtype[, calls, python_seed]}.")
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
        c.put("python_seed", s.pythonSeed);
      }
      Sampled result = sample(c, device);
      AtomicFiles.write(s.out, out -> Npy.write(out, result.dtype, result.shape, result.bytes));
      System.out.println("wrote " + s.out + ": " + result.dtype + " " + java.util.Arrays.toString(result.shape)
          + " sha256 " + result.sha256());
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

  @SuppressWarnings("unchecked")
  private int runBatch(Path casesFile, Path outDir) throws IOException {
    Object parsed;
    try (InputStream in = Files.newInputStream(casesFile)) {
      parsed = KerasJson.parse(in, casesFile.toString());
    }
    if (!(parsed instanceof List)) {
      throw new KerasInitException(casesFile + ": expected a JSON list of cases");
    }
    Files.createDirectories(outDir);
    List<Map<String, Object>> manifest = new ArrayList<>();
    int ok = 0;
    for (Object item : (List<Object>) parsed) {
      if (!(item instanceof Map)) {
        throw new KerasInitException(casesFile + ": every case must be an object, got " + KerasInitException.describe(item));
      }
      Map<String, Object> c = (Map<String, Object>) item;
      Object id = c.get("id");
      if (!(id instanceof String) || !SAFE_ID.matcher((String) id).matches()) {
        throw new KerasInitException(casesFile + ": case id " + KerasInitException.describe(id)
            + " must be 1-200 letters, digits, '.', '_' or '-'");
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", id);
      try {
        Sampled result = sample(c, device);
        AtomicFiles.write(outDir.resolve(id + ".npy"), out -> Npy.write(out, result.dtype, result.shape, result.bytes));
        entry.put("serialized", Initializers.serialize(result.initializer));
        entry.put("status", "ok");
        entry.put("dtype", result.dtype.kerasName());
        entry.put("shape", result.shape);
        entry.put("sha256", result.sha256());
        ok++;
      } catch (KerasInitException e) {
        entry.put("status", "error");
        entry.put("error_type", "KerasInitException");
        entry.put("message", e.getMessage());
      }
      manifest.add(entry);
    }
    AtomicFiles.write(outDir.resolve("manifest.json"),
        out -> out.write(KerasJson.writePretty(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    System.out.println(manifest.size() + " cases: " + ok + " ok, " + (manifest.size() - ok) + " rejected -> " + outDir);
    return 0;
  }

  /** One case: {config, shape, dtype, calls?, python_seed?}. */
  static Sampled sample(Map<String, Object> c, String device) {
    Object seed = c.get("python_seed");
    PythonRandom random = seed instanceof Number ? new PythonRandom(((Number) seed).longValue()) : PythonRandom.global();
    KerasInitializer init = Initializers.get(c.get("config"), random);
    if (init == null) {
      throw new KerasInitException("case has no config");
    }
    DType dtype = DType.of(c.get("dtype") == null ? null : String.valueOf(c.get("dtype")));
    Shape shape = Shape.of(toDims(c.get("shape")));
    int calls = c.get("calls") instanceof Number ? ((Number) c.get("calls")).intValue() : 1;
    if (calls < 1 || calls > 1000) {
      throw new KerasInitException("\"calls\" must be 1..1000, got " + calls);
    }
    EagerValue value = EagerValue.compute(init, shape, dtype, calls, device);
    return new Sampled(init, value.dtype, value.shape, value.bytes);
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

  static final class Sampled {
    final KerasInitializer initializer;
    final DType dtype;
    final long[] shape;
    final byte[] bytes;

    Sampled(KerasInitializer initializer, DType dtype, long[] shape, byte[] bytes) {
      this.initializer = initializer;
      this.dtype = dtype;
      this.shape = shape;
      this.bytes = bytes;
    }

    String sha256() {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
