package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A weight beyond physical memory is refused before TF allocates it, naming the weight and the bytes it needs. */
class MemoryLimitsTest {
  @Test
  @SuppressWarnings("unchecked")
  void oneWeightBeyondPhysicalMemoryIsNamed() {
    long physical = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    long units = physical / 4 + 1; // kernel [1, units] of float32: 4 bytes more than physical memory
    KerasModel model = KerasModel.fromConfig((Map<String, Object>) KerasJson.parse("{\"class_name\": \"Sequential\","
        + " \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\","
        + " \"units\": " + units + ", \"batch_input_shape\": [null, 1]}}]}}", "test"), KerasModel.options());
    KerasInitException e = assertThrows(KerasInitException.class, model::materialize);
    assertTrue(e.getMessage().startsWith("weight s/d/kernel: shape [1, " + units + "] of float32 needs "
        + (units * 4) + " bytes"), e.getMessage());
  }
}
