package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.DType;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.parity.MachineBound;
import io.github.kerasinit.tensor.TensorBytes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model in models/, seeded (each initializer's int seed = 1000 + its index): our weight list equals Keras'
 * {@code model.weights} (order, path, shape, dtype) and every portable weight's bytes equal the bytes Keras made;
 * machine-dependent weights (Orthogonal recurrent kernels: TF's Qr) equal them or lie within their bound
 * ({@link MachineBound}). Python's random is seeded with {@link ModelGoldens#SEEDED_PYTHON_SEED}, for the few
 * initializers no config seeds.
 */
class ModelParityTest {
  private static final List<String> TABLE = new ArrayList<>();

  static Stream<String> models() {
    return ModelGoldens.MODELS.stream();
  }

  @ParameterizedTest
  @MethodSource("models")
  void seededWeightsAreKerasBytes(String name) throws Exception {
    KerasModel model = KerasModel.fromConfig(ModelGoldens.json(name + ".seeded.json"),
        KerasModel.options().seed(ModelGoldens.SEEDED_PYTHON_SEED));
    List<Map<String, Object>> golden = ModelGoldens.weights(name + ".weights.json");
    assertWeightList(golden, model.weights());
    Tally tally = compareValues(model, golden);
    synchronized (TABLE) {
      TABLE.add(String.format(Locale.ROOT, "%-20s %5d weights %12d parameters  %s", name, golden.size(),
          model.parameterCount(), tally));
    }
    assertEquals(List.of(), tally.failures(), name + ": weights differ from Keras");
  }

  static void assertWeightList(List<Map<String, Object>> golden, List<WeightSpec> ours) {
    List<String> expected = new ArrayList<>();
    for (Map<String, Object> g : golden) {
      expected.add(g.get("path") + " " + g.get("shape") + " " + g.get("dtype"));
    }
    List<String> actual = new ArrayList<>();
    for (WeightSpec w : ours) {
      actual.add(w.path() + " " + java.util.Arrays.toString(w.shape()) + " " + w.dtype());
    }
    assertEquals(String.join("\n", expected), String.join("\n", actual), "model.weights");
  }

  /** How a model's weights compare with Keras': bit-exact, within a machine-dependent bound, or failed (why). */
  record Tally(int weights, int exact, int bounded, List<String> failures) {
    @Override
    public String toString() {
      return exact + "/" + weights + " bit-exact" + (bounded > 0 ? ", " + bounded + " within their bound" : "");
    }
  }

  /** Compares every weight with its golden: portable ones by sha256, machine-dependent ones by their bound. */
  static Tally compareValues(KerasModel model, List<Map<String, Object>> golden) throws Exception {
    int exact = 0;
    int bounded = 0;
    List<String> failures = new ArrayList<>();
    try (MaterializedWeights weights = model.materialize()) {
      for (Map<String, Object> g : golden) {
        String path = (String) g.get("path");
        byte[] bytes = TensorBytes.of(weights.get(path));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String bound = (String) g.get("machine_dependent");
        if (sha.equals(g.get("sha256"))) {
          exact++;
        } else if (bound == null) {
          failures.add(path + ": bytes differ (portable: bit-exact on every machine)");
        } else {
          long[] shape = ((List<?>) g.get("shape")).stream().mapToLong(d -> ((Number) d).longValue()).toArray();
          MachineBound.Verdict verdict = MachineBound.within(bound, DType.of((String) g.get("dtype")), shape,
              ModelGoldens.values((String) g.get("file")).data, bytes);
          if (verdict.ok()) {
            bounded++;
          } else {
            failures.add(path + ": " + verdict.detail());
          }
        }
      }
    }
    return new Tally(golden.size(), exact, bounded, failures);
  }

  @AfterAll
  static void printTable() {
    System.out.println("\nModel parity with Keras 3.15.1 (seeded configs)\n" + String.join("\n", TABLE));
  }
}
