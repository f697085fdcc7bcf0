package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.tensor.TensorBytes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model in models/, seeded (each initializer's int seed = 1000 + its index): our weight list equals Keras'
 * {@code model.weights} (order, path, shape, dtype) and every weight's bytes equal the bytes Keras made.
 */
class ModelParityTest {
  private static final List<String> TABLE = new ArrayList<>();

  static Stream<String> models() {
    return ModelGoldens.MODELS.stream();
  }

  @ParameterizedTest
  @MethodSource("models")
  void seededWeightsAreKerasBytes(String name) throws Exception {
    KerasModel model = KerasModel.fromConfig(ModelGoldens.json(name + ".seeded.json"), KerasModel.options());
    List<Map<String, Object>> golden = ModelGoldens.weights(name + ".weights.json");
    assertWeightList(golden, model.weights());
    int exact = compareValues(model, golden);
    synchronized (TABLE) {
      TABLE.add(String.format("%-20s %5d weights %12d parameters  %d/%d bit-exact", name, golden.size(),
          model.parameterCount(), exact, golden.size()));
    }
    assertEquals(golden.size(), exact, name + ": weights differ from Keras");
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

  /** Number of weights whose bytes equal the golden sha256; prints the first mismatches. */
  static int compareValues(KerasModel model, List<Map<String, Object>> golden) throws Exception {
    int exact = 0;
    try (MaterializedWeights weights = model.materialize()) {
      for (Map<String, Object> g : golden) {
        byte[] bytes = TensorBytes.of(weights.get((String) g.get("path")));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        if (sha.equals(g.get("sha256"))) {
          exact++;
        } else {
          System.out.println("MISMATCH " + g.get("path") + " " + g.get("shape"));
        }
      }
    }
    return exact;
  }

  @AfterAll
  static void printTable() {
    System.out.println("\nModel parity with Keras 3.15.1 (seeded configs)\n" + String.join("\n", TABLE));
  }
}
