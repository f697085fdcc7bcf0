package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.model.core.WeightInit;
import io.github.kerasinit.model.core.WeightSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every weight the model goldens call machine-dependent is {@link WeightInit#cpuDependent()} in Java, and no other. */
class ModelPortabilityRuleTest {
  static List<String> models() {
    return ModelGoldens.MODELS;
  }

  @ParameterizedTest
  @MethodSource("models")
  void javaAndTheGoldensAgreeOnEveryWeight(String name) {
    KerasModel model = KerasModel.fromConfig(ModelGoldens.json(name + ".seeded.json"), KerasModel.options());
    List<Map<String, Object>> golden = ModelGoldens.weights(name + ".weights.json");
    List<WeightSpec> ours = model.weights();
    assertEquals(golden.size(), ours.size(), name);
    for (int i = 0; i < ours.size(); i++) {
      assertEquals(golden.get(i).get("machine_dependent") != null, ours.get(i).init().cpuDependent(),
          name + " " + ours.get(i).path() + ": golden says " + golden.get(i).get("machine_dependent"));
    }
  }
}
