package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every keras.applications constructor ({@code weights=None}, default input shape), as python-parity/applications.py
 * listed them from keras.applications and wrote their configs and goldens: for each way of seeding (the seeded config
 * after {@code random.seed(7)}; {@code keras.utils.set_random_seed(N)} then {@code model_from_json(config)}) our weight
 * list is Keras' {@code model.weights} and every weight's bytes have Keras' sha256.
 *
 * <p>About 2 billion parameters, three times over: tagged {@value #TAG}, which the default test run excludes
 * (pom.xml, {@code excludedTestGroups}); python-parity/run_all.sh runs it as its own step. Weights are made in groups
 * of about {@link #GROUP_BYTES} bytes and hashed from native memory, so ConvNeXtXLarge (1.4 GB) needs no large heap.
 */
@Tag(ApplicationsParityTest.TAG)
class ApplicationsParityTest {
  static final String TAG = "applications";
  private static final long GROUP_BYTES = 64L << 20;
  private static final List<String> TABLE = new ArrayList<>();

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    Map<?, ?> index = (Map<?, ?>) parse("index.json", false);
    for (Object name : (List<?>) index.get("constructors")) {
      out.add(Arguments.of(name, "seeded"));
      for (long n : setRandomSeeds((String) name)) {
        out.add(Arguments.of(name, "rs" + n));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void weightsAreKerasBytes(String name, String way) throws Exception {
    boolean seeded = way.equals("seeded");
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) parse(name + (seeded ? ".seeded.json.gz" : ".json.gz"), true);
    long seed = seeded ? ModelGoldens.SEEDED_PYTHON_SEED : Long.parseLong(way.substring(2));
    KerasModel model = KerasModel.fromConfig(config, KerasModel.options().seed(seed));
    List<Map<String, Object>> golden = weights(name);
    ModelParityTest.assertWeightList(golden, model.weights());
    List<String> differ = new ArrayList<>();
    int i = 0;
    for (List<WeightSpec> group : groups(model.weights())) {
      try (MaterializedWeights made = model.materialize(group, null)) {
        for (WeightSpec w : group) {
          Map<?, ?> sha256 = (Map<?, ?>) golden.get(i++).get("sha256");
          if (!TensorBytes.sha256(TensorBytes.data(made.get(w))).equals(sha256.get(way))) {
            differ.add(w.path());
          }
        }
      }
    }
    synchronized (TABLE) {
      TABLE.add(String.format(Locale.ROOT, "%-18s %-6s %5d weights %,13d parameters  %d/%d bit-exact", name, way,
          golden.size(), model.parameterCount(), golden.size() - differ.size(), golden.size()));
    }
    assertEquals(List.of(), differ, name + " " + way + ": weights whose bytes differ from Keras'");
  }

  /** Consecutive weights of about GROUP_BYTES together (one graph each); a larger weight alone. */
  private static List<List<WeightSpec>> groups(List<WeightSpec> weights) {
    List<List<WeightSpec>> out = new ArrayList<>();
    List<WeightSpec> current = new ArrayList<>();
    long bytes = 0;
    for (WeightSpec w : weights) {
      current.add(w);
      bytes += w.size() * w.dtype().byteSize();
      if (bytes >= GROUP_BYTES) {
        out.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private static long[] setRandomSeeds(String name) {
    return ((List<?>) ((Map<?, ?>) parse(name + ".weights.json.gz", true)).get("set_random_seeds")).stream()
        .mapToLong(n -> ((Number) n).longValue()).toArray();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> weights(String name) {
    return (List<Map<String, Object>>) ((Map<?, ?>) parse(name + ".weights.json.gz", true)).get("weights");
  }

  private static Object parse(String resource, boolean gzipped) {
    String path = "applications/" + resource;
    try (InputStream raw = ApplicationsParityTest.class.getClassLoader().getResourceAsStream(path)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + path + "; run python-parity/applications.py");
      }
      try (InputStream in = gzipped ? new GZIPInputStream(raw) : raw) {
        return KerasJson.parse(in, resource);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void printTable() {
    System.out.println("\nkeras.applications parity with Keras 3.15.1\n" + String.join("\n", TABLE));
  }
}
