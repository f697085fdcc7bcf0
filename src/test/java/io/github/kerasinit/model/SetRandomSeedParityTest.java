package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code keras.utils.set_random_seed(N); keras.models.model_from_json(models/<name>.json)}: the configs as Keras
 * wrote them (seeds null), materialized with {@code seed(N)}, give Keras' weights: byte for byte where portable, within
 * their bound where machine-dependent (as in {@link ModelParityTest}).
 */
class SetRandomSeedParityTest {
  private static final List<String> TABLE = new ArrayList<>();

  static Stream<Arguments> cases() {
    return ModelGoldens.MODELS.stream().flatMap(m -> Stream.of(Arguments.of(m, 0L), Arguments.of(m, 42L)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void unseededModelsMatchKerasAfterSetRandomSeed(String name, long seed) throws Exception {
    KerasModel model = KerasModel.load(Path.of("models", name + ".json"), KerasModel.options().seed(seed));
    List<Map<String, Object>> golden = ModelGoldens.weights(name + ".rs" + seed + ".weights.json");
    ModelParityTest.assertWeightList(golden, model.weights());
    ModelParityTest.Tally tally = ModelParityTest.compareValues(model, golden);
    synchronized (TABLE) {
      TABLE.add(String.format(Locale.ROOT, "%-20s seed %-3d %s", name, seed, tally));
    }
    assertEquals(List.of(), tally.failures(), name + " with set_random_seed(" + seed + ")");
  }

  static Stream<String> archives() {
    return ModelGoldens.MODELS.stream().filter(m -> Files.exists(Path.of("models", m + ".keras")));
  }

  /** models/NAME.keras (Keras' model.save) gives the weights of models/NAME.json: the archive's config is read. */
  @ParameterizedTest
  @MethodSource("archives")
  void kerasArchivesMatchKerasAfterSetRandomSeed(String name) throws Exception {
    KerasModel model = KerasModel.load(Path.of("models", name + ".keras"), KerasModel.options().seed(42));
    List<Map<String, Object>> golden = ModelGoldens.weights(name + ".rs42.weights.json");
    ModelParityTest.assertWeightList(golden, model.weights());
    assertEquals(List.of(), ModelParityTest.compareValues(model, golden).failures(), name + ".keras");
  }

  @AfterAll
  static void printTable() {
    System.out.println("\nset_random_seed(N) parity with Keras 3.15.1 (unseeded configs)\n" + String.join("\n", TABLE));
  }
}
