package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.core.LayerClasses;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.random.PythonRandom;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config key its layer class does not take: refused in a Keras 3 config, as Keras' constructor refuses it
 * ("Unrecognized keyword arguments passed to Dense"), and ignored with a warning in a config of Keras 2's form, which
 * Keras 3 refuses whole and keras-init reads. The keys each class takes are the enumeration's
 * ({@link LayerClasses#keywords}), which python-parity/export_models.py probes from Keras 3.15.1 itself.
 */
class LayerKeywordsTest {
  /** The key export_models.py's probe adds to every class's config: each class with keywords refused it in Keras. */
  private static final String NOT_AN_ARGUMENT = "keras_init_not_an_argument";

  /** One layer entry Keras wrote (its 1-layer model's), by the row that holds it. */
  record Entry(String row, Map<String, Object> layer) {
    @Override
    public String toString() {
      return row;
    }
  }

  /**
   * The layer of every 1-layer model Keras wrote for the layer table (every weight-bearing class keras-init
   * supports) and the enumeration (every weightless class), where the enumeration has that class's keywords.
   */
  @SuppressWarnings("unchecked")
  static List<Entry> keras3Layers() {
    List<Entry> out = new ArrayList<>();
    for (Map<String, Object> row : rows("/layers/layer_weights.json", "rows")) {
      out.add(new Entry("layer table " + row.get("row"), lastLayer((Map<String, Object>) row.get("config"))));
    }
    for (Map<String, Object> row : rows(LayerClasses.RESOURCE, "classes")) {
      if (row.get("model") instanceof Map) {
        out.add(new Entry("class " + row.get("class"), lastLayer((Map<String, Object>) row.get("model"))));
      }
    }
    List<String> supported = factory().supported();
    return out.stream().filter(e -> supported.contains((String) e.layer().get("class_name"))
        && LayerClasses.keywords((String) e.layer().get("class_name")) != null).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keras3Layers")
  @SuppressWarnings("unchecked")
  void aKeyItsClassDoesNotTakeIsRefusedAsKerasRefusesIt(Entry entry) {
    Map<String, Object> layer = (Map<String, Object>) KerasJson.parse(KerasJson.write(entry.layer()), "layer");
    factory().deserialize(layer); // as Keras wrote it: every key taken
    ((Map<String, Object>) layer.get("config")).put(NOT_AN_ARGUMENT, 1);
    String cls = (String) layer.get("class_name");
    KerasInitException e = assertThrows(KerasInitException.class, () -> factory().deserialize(layer));
    assertTrue(e.getMessage().contains("unrecognized keyword argument `" + NOT_AN_ARGUMENT + "` = 1: Keras 3.15.1's "
        + cls + " takes no argument of that name and refuses the config (\"Unrecognized keyword arguments passed to "
        + cls + "\")"), e.getMessage());
  }

  @Test
  void aMisspeltInitializerKeyIsRefusedWithTheNameItMeant() {
    KerasInitException e = assertThrows(KerasInitException.class, () -> KerasModel.fromConfig(sequential(
        "\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3,"
            + " \"kernel_initialiser\": \"zeros\"}"), KerasModel.options()));
    assertEquals("layer \"d\" (Dense): unrecognized keyword argument `kernel_initialiser` = \"zeros\": Keras 3.15.1's"
        + " Dense takes no argument of that name and refuses the config (\"Unrecognized keyword arguments passed to"
        + " Dense\"); closest names: kernel_initializer, bias_initializer, kernel_regularizer", e.getMessage());
  }

  @Test
  void aKeras2FileKeepsTheKeysKeras3DroppedAsWarnings() {
    Map<String, Object> model = sequential(lstm("a") + "}, {" + lstm("b"));
    model.put("keras_version", "2.13.1");
    KerasModel loaded = KerasModel.fromConfig(model, KerasModel.options());
    assertEquals(List.of("layer \"a\" (LSTM): ignored `time_major` = false, which Keras 3.15.1's LSTM does not take"
        + " (Keras 3 refuses it; keras-init reads configs in Keras 2's form, as this one is, without it); not repeated"
        + " for other LSTM layers"), loaded.warnings());
    assertEquals(6, loaded.weights().size());
  }

  @Test
  void aConfigInKeras2FormWithoutModuleKeysIsWarnedAboutNotRefused() {
    KerasModel loaded = KerasModel.fromConfig(sequential("\"class_name\": \"Dense\", \"config\": {\"name\": \"d\","
        + " \"units\": 3, \"foo\": [1, 2]}"), KerasModel.options());
    assertEquals(1, loaded.warnings().size());
    assertTrue(loaded.warnings().get(0).startsWith("layer \"d\" (Dense): ignored `foo` = [1, 2], which Keras"
        + " 3.15.1's Dense does not take"), loaded.warnings().get(0));
  }

  private static String lstm(String name) {
    return "\"module\": \"keras.layers\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"" + name + "\","
        + " \"units\": 2, \"return_sequences\": true, \"time_major\": false}";
  }

  /** A Keras 3 Sequential of an InputLayer (batch (None, 5, 4)) and the given layer entries. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> sequential(String layers) {
    return (Map<String, Object>) KerasJson.parse("{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\":"
        + " {\"name\": \"s\", \"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\":"
        + " {\"batch_shape\": [null, 5, 4], \"name\": \"in\"}}, {" + layers + "}]}}", "model");
  }

  private static LayerFactory factory() {
    return new LayerFactory(new ModelContext(new PythonRandom(0), null, false), false);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lastLayer(Map<String, Object> model) {
    List<Object> layers = (List<Object>) ((Map<String, Object>) model.get("config")).get("layers");
    return (Map<String, Object>) layers.get(layers.size() - 1);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(String resource, String key) {
    try (InputStream in = LayerKeywordsTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + "; run python-parity/export_models.py");
      }
      return (List<Map<String, Object>>) ((Map<String, Object>) KerasJson.parse(in, resource)).get(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
