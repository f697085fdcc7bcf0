package io.github.kerasinit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Coverage-guided fuzzing of the config parser with Jazzer. Whatever the input, {@link Initializers#deserialize}
 * either returns an initializer that serializes back to itself or throws {@link KerasInitException}; any other
 * exception (NullPointerException, ClassCastException, a Jackson exception, StackOverflowError...) is a finding
 * and fails the test. With {@code JAZZER_FUZZ=1} (set by the pom for {@code mvn test}) it fuzzes for a bounded
 * time; without it, it replays the seeds under src/test/resources and any saved findings.
 */
class ConfigParserFuzzTest {
  private static final List<String> NAMES = Initializers.names();
  /** Fuzzed configs trip the "ignoring TF1-era key" warning thousands of times; the log would drown CI's output. */
  private static final Logger QUIET = Logger.getLogger("io.github.kerasinit");

  static {
    QUIET.setLevel(Level.SEVERE);
  }
  private static final String[] KEYS = {"seed", "mean", "stddev", "minval", "maxval", "scale", "mode",
      "distribution", "gain", "value", "input_axes", "output_axes", "side", "window", "scaling", "periodic",
      "dtype", "module", "registered_name"};

  @FuzzTest(maxDuration = "45s")
  @DictionaryEntries({"\"class_name\"", "\"config\"", "\"module\"", "\"registered_name\"", "\"seed\"",
      "\"scale\"", "\"mode\"", "\"distribution\"", "\"fan_avg\"", "\"uniform\"", "\"__numpy__\"", "NaN",
      "Infinity", "-Infinity", "\"SeedGenerator\"", "\"keras.initializers\"", "\"value\"", "\"window\""})
  void deserializeNeverThrowsAnythingButKerasInitException(FuzzedDataProvider data) {
    String json = data.consumeBoolean() ? structured(data) : data.consumeRemainingAsString();
    KerasInitializer init;
    try {
      init = Initializers.deserialize(json);
    } catch (KerasInitException expected) {
      return;
    }
    if (init == null) {
      return;
    }
    // What we accept must survive our own round trip unchanged.
    assertEquals(init.config(), Initializers.deserialize(Initializers.toJson(init)).config(), json);
  }

  /** A Keras-shaped dict with a real class name and fuzzed keys and values, to get past the outer checks. */
  private static String structured(FuzzedDataProvider data) {
    StringBuilder sb = new StringBuilder("{\"class_name\": \"")
        .append(NAMES.get(data.consumeInt(0, NAMES.size() - 1))).append("\", \"config\": {");
    int keys = data.consumeInt(0, 4);
    for (int i = 0; i < keys; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      String key = data.consumeBoolean() ? KEYS[data.consumeInt(0, KEYS.length - 1)] : data.consumeString(8);
      sb.append('"').append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\": ")
          .append(data.consumeString(40));
    }
    return sb.append("}}").toString();
  }
}
