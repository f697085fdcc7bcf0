package io.github.kerasinit.parity;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/** One entry of {@code parity/manifest.json}, written by python-parity/generate_goldens.py from real Keras. */
public final class GoldenCase {
  public final String id;
  public final String group;
  public final Object config;
  public final long[] shape;
  public final String dtype;
  public final int calls;
  public final Long pythonSeed;
  public final boolean ok;
  public final String sha256;
  public final String file;
  public final long[] outShape;
  public final String errorType;
  public final String legacyOf;
  public final Object serialized;
  public final String phase;
  public final String message;
  /** The bound's name for a value that depends on the CPU (python-parity/portability.py); null: portable. */
  public final String machineDependent;

  @SuppressWarnings("unchecked")
  GoldenCase(Map<String, Object> m) {
    id = (String) m.get("id");
    group = (String) m.get("group");
    config = m.get("config");
    shape = toLongs((List<Object>) m.get("shape"));
    dtype = (String) m.get("dtype");
    calls = m.containsKey("calls") ? ((Number) m.get("calls")).intValue() : 1;
    pythonSeed = m.containsKey("python_seed") ? ((Number) m.get("python_seed")).longValue() : null;
    ok = "ok".equals(m.get("status"));
    sha256 = (String) m.get("sha256");
    file = (String) m.get("file");
    outShape = m.containsKey("out_shape") ? toLongs((List<Object>) m.get("out_shape")) : null;
    errorType = (String) m.get("error_type");
    phase = (String) m.get("phase");
    legacyOf = (String) m.get("legacy_of");
    serialized = m.get("serialized");
    message = (String) m.get("message");
    machineDependent = (String) m.get("machine_dependent");
  }

  private static long[] toLongs(List<Object> list) {
    return list.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
  }

  public Shape shape() {
    return Shape.of(shape);
  }

  /** The Keras class name a config names, for grouping ("GlorotUniform" for "glorot_uniform"). */
  public String kerasClassName() {
    Object name = config instanceof Map ? ((Map<?, ?>) config).get("class_name") : config;
    String canonical = name instanceof String ? io.github.kerasinit.config.Registry.canonical((String) name) : null;
    return canonical != null ? canonical : String.valueOf(name);
  }

  /** The golden array, when the manifest stores one. */
  public Npy.Array golden() {
    if (file == null) {
      return null;
    }
    try (InputStream in = resource("parity/" + file)) {
      return Npy.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return id + " " + KerasJson.write(config) + " " + java.util.Arrays.toString(shape) + " " + dtype;
  }

  /** Every case of the manifest, in matrix order. */
  public static List<GoldenCase> load() {
    return List.copyOf(Manifest.INSTANCE.cases);
  }

  /** The manifest's "bounds": name -> {max_rel_eps, why, measured, live}, from python-parity/portability.py. */
  public static Map<String, Object> bounds() {
    return Manifest.INSTANCE.bounds;
  }

  /** {@code parity/manifest.json}, read once. */
  private static final class Manifest {
    static final Manifest INSTANCE = new Manifest();
    final List<GoldenCase> cases = new ArrayList<>();
    final Map<String, Object> bounds;

    @SuppressWarnings("unchecked")
    private Manifest() {
      try (InputStream in = resource("parity/manifest.json")) {
        Map<String, Object> manifest = (Map<String, Object>) KerasJson.parse(in, "parity/manifest.json");
        for (Object c : (List<Object>) manifest.get("cases")) {
          cases.add(new GoldenCase((Map<String, Object>) c));
        }
        bounds = (Map<String, Object>) manifest.get("bounds");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static InputStream resource(String path) {
    InputStream in = GoldenCase.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + path
          + "; run python-parity/generate_goldens.py");
    }
    return in;
  }
}
