package io.github.kerasinit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.tensor.TensorBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * Slices of the llm_* models' distinct weights (up to 32000 x 5120) against Python Keras: Keras made each tensor whole
 * (python-parity/llm_slices.py) and recorded the SHA-256 of a few flat ranges; keras-init makes only those ranges.
 */
class LlmSliceParityTest {
  @Test
  @SuppressWarnings("unchecked")
  void rangesOfTheLargeModelsWeightsAreKerasBytes() throws Exception {
    Map<String, Object> golden = (Map<String, Object>) KerasJson.parse(
        Files.readString(Path.of("src/test/resources/llm_slices.json")), "llm_slices.json");
    List<Map<String, Object>> cases = (List<Map<String, Object>>) golden.get("cases");
    assertTrue(cases.size() >= 12, "cases: " + cases.size());
    int checked = 0;
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      for (Map<String, Object> c : cases) {
        KerasInitializer init = Initializers.deserialize(KerasJson.write(c.get("initializer")));
        Shape shape = Shape.of(((List<Number>) c.get("shape")).stream().mapToLong(Number::longValue).toArray());
        for (Map<String, Object> slice : (List<Map<String, Object>>) c.get("slices")) {
          List<Number> range = (List<Number>) slice.get("range");
          byte[] bytes = TensorBytes.of(init.callRange(tf, shape, DType.FLOAT32, range.get(0).longValue(),
              range.get(1).longValue()).asTensor());
          String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
          assertEquals(slice.get("sha256"), sha, init + " " + shape + " " + range);
          checked++;
        }
      }
    }
    assertEquals(cases.size() * 3, checked);
  }
}
