package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.random.PythonRandom;
import org.junit.jupiter.api.Test;

/**
 * Which values depend on the CPU is decided in python-parity/portability.py (for the goldens) and answered at run
 * time by {@link KerasInitializer#cpuDependent()} (for the doctor and users). The two must agree on every value the
 * goldens hold; the model goldens are checked the same way in
 * {@code model.ModelPortabilityRuleTest}.
 */
class PortabilityRuleTest {
  @Test
  void javaAndTheGoldensAgreeOnEveryCase() {
    int checked = 0;
    int cpuDependent = 0;
    for (GoldenCase c : GoldenCase.load()) {
      if (!c.ok || Deviations.reason(c) != null || !Deviations.isFloat(c.dtype)) {
        continue; // no Java value to classify, or an integer dtype (portable by definition)
      }
      KerasInitializer init = Initializers.get(c.config, new PythonRandom(0));
      assertEquals(c.machineDependent != null, init.cpuDependent(), c + ": golden says " + c.machineDependent);
      checked++;
      cpuDependent += init.cpuDependent() ? 1 : 0;
    }
    assertTrue(checked > 2000 && cpuDependent > 700, checked + " checked, " + cpuDependent + " CPU-dependent");
  }
}
