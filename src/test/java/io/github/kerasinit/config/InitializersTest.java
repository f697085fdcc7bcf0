package io.github.kerasinit.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.catalog.AbstractInitializer;
import io.github.kerasinit.catalog.Constant;
import io.github.kerasinit.catalog.GlorotUniform;
import io.github.kerasinit.catalog.Identity;
import io.github.kerasinit.catalog.RandomNormal;
import io.github.kerasinit.catalog.VarianceScaling;
import io.github.kerasinit.random.Seed;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** get / deserialize / serialize / register: names, formats, and errors that name the bad value. */
class InitializersTest {

  @Test
  @SuppressWarnings("unchecked")
  void acceptsExactlyTheNamesKerasAccepts() throws Exception {
    Map<String, Object> keras;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("parity/keras_names.json")) {
      keras = (Map<String, Object>) KerasJson.parse(in, "keras_names.json");
    }
    assertEquals(41, keras.size());
    assertEquals(keras.keySet(), new java.util.TreeSet<>(Registry.keras3Names()));
    for (Map.Entry<String, Object> e : keras.entrySet()) {
      assertEquals(e.getValue(), Registry.canonical(e.getKey()), e.getKey());
    }
  }

  @Test
  void legacyNamesResolveToTheClassTheyNamed() {
    assertInstanceOf(GlorotUniform.class, Initializers.get("GlorotUniformV2"));
    assertInstanceOf(GlorotUniform.class, Initializers.get("glorot_uniformV2"));
    assertInstanceOf(GlorotUniform.class, Initializers.get("glorot_uniform_initializer"));
    assertInstanceOf(VarianceScaling.class, Initializers.get("variance_scaling_initializer"));
    KerasInitException e = assertThrows(KerasInitException.class, () -> Initializers.get("random_normal_initializer"));
    assertTrue(e.getMessage().contains("ambiguous") && e.getMessage().contains("1.0"), e.getMessage());
  }

  @Test
  void unknownNamesListTheClosestAndTheFormats() {
    KerasInitException e = assertThrows(KerasInitException.class, () -> Initializers.get("Glorot_Uniform"));
    String m = e.getMessage();
    assertTrue(m.contains("\"Glorot_Uniform\"") && m.contains("closest known names: glorot_uniform"), m);
    assertTrue(m.contains("Keras 3 dict") && m.contains("Keras 2 dict"), m);
    KerasInitException dict = assertThrows(KerasInitException.class,
        () -> Initializers.deserialize("{\"class_name\": \"HeNormall\", \"config\": {}}"));
    assertTrue(dict.getMessage().contains("he_normal") || dict.getMessage().contains("HeNormal"), dict.getMessage());
  }

  /** Each row: a bad config, and a fragment its error message must contain. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"class_name": "VarianceScaling", "config": {"scale": -1}}               | `scale` = -1
      {"class_name": "VarianceScaling", "config": {"scale": "big"}}            | `scale` = "big" (a string)
      {"class_name": "VarianceScaling", "config": {"mode": "fan_sum"}}         | `mode` = "fan_sum"
      {"class_name": "VarianceScaling", "config": {"distribution": "gamma"}}   | `distribution` = "gamma"
      {"class_name": "RandomNormal", "config": {"seed": 1.5}}                  | `seed` = 1.5
      {"class_name": "RandomNormal", "config": {"seed": [1, 2]}}               | `seed` = [1, 2] (a list)
      {"class_name": "RandomNormal", "config": {"seed": true}}                 | `seed` = true (a boolean)
      {"class_name": "RandomNormal", "config": {"stddev": NaN}}                | `stddev` = NaN
      {"class_name": "RandomUniform", "config": {"maxval": Infinity}}          | `maxval` = Infinity
      {"class_name": "Constant", "config": {"value": "abc"}}                   | "abc" (a string)
      {"class_name": "Constant", "config": {"value": [[1], [2, 3]]}}           | ragged
      {"class_name": "GlorotUniform", "config": {"sede": 1}}                   | unexpected config key "sede"
      {"class_name": "STFT", "config": {"window": "kaiser"}}                   | needs parameters
      {"class_name": "Orthogonal", "config": {"gain": "x"}}                    | `gain` = "x" (a string)
      {"class_name": "GlorotUniform", "config": {"seed": 9223372036854775808}} | int64
      {"class_name": 5}                                                        | "class_name" must be a string
      {"class_name": "Zeros", "config": [1]}                                   | "config" must be an object
      {"class_name": "Zeros", "configg": {}}                                   | unexpected key "configg"
      {"config": {}}                                                           | no "class_name"
      {"class_name": "HeNormal", "module": null}                               | register
      {"class_name": "Zeros", "config": {}, "config": {}}                      | not valid JSON
      {"class_name": "Zeros"                                                   | not valid JSON
      [1, 2]                                                                   | Could not interpret
      null                                                                     | JSON null
      """)
  void badConfigsNameTheValueAndWhatIsAllowed(String json, String fragment) {
    KerasInitException e = assertThrows(KerasInitException.class, () -> Initializers.deserialize(json));
    assertTrue(e.getMessage().contains(fragment), "message for " + json + " should contain " + fragment + ": "
        + e.getMessage());
  }

  @Test
  void deepAndDuplicateJsonFailCleanly() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    KerasInitException e = assertThrows(KerasInitException.class, () -> Initializers.deserialize(deep));
    assertTrue(e.getMessage().contains("nesting depth (1001) exceeds the maximum allowed (1000)"), e.getMessage());
    assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage()); // Jackson's API, not the user's
  }

  @Test
  void keras2AndKeras3DictsAndConfigNullAllResolve() {
    KerasInitializer a = Initializers.deserialize("{\"class_name\": \"RandomNormal\", \"config\": {\"seed\": 3}}");
    KerasInitializer b = Initializers.deserialize("{\"module\": \"keras.initializers\", \"class_name\": \"normal\","
        + " \"config\": {\"seed\": 3}, \"registered_name\": null}");
    assertEquals(a, b);
    assertInstanceOf(RandomNormal.class, Initializers.deserialize("{\"class_name\": \"RandomNormal\", \"config\": null}"));
    assertInstanceOf(RandomNormal.class, Initializers.deserialize("{\"class_name\": \"RandomNormal\"}"));
    assertInstanceOf(RandomNormal.class, Initializers.deserialize("\"normal\""));
    assertNull(Initializers.get(null));
  }

  @Test
  void constantByNameIsTheDefaultNotKerasKeyError() {
    KerasInitializer c = Initializers.get("constant");
    assertEquals(new Constant(0.0), c);
    assertEquals("{\"module\": \"keras.initializers\", \"class_name\": \"Constant\", \"config\": {\"value\": 0.0},"
        + " \"registered_name\": null}", Initializers.toJson(c).replace(",\"", ", \"").replace("\":", "\": "));
  }

  @Test
  void identityKeepsItsGainThroughSerialization() {
    KerasInitializer twice = Initializers.deserialize(Initializers.toJson(new Identity(2.0)));
    assertEquals(new Identity(2.0), twice);
    assertFalse(Initializers.serialize(new Identity()).containsKey("gain"));
  }

  /** A user's initializer, as a Python one registered with @register_keras_serializable(package="my_pkg"). */
  static final class ScaledOnes extends AbstractInitializer {
    final double scale;

    ScaledOnes(double scale) {
      this.scale = scale;
    }

    @Override
    public String className() {
      return "ScaledOnes";
    }

    @Override
    public String module() {
      return "my_pkg";
    }

    @Override
    public String registeredName() {
      return "my_pkg>ScaledOnes";
    }

    @Override
    protected Operand<? extends TType> build(Ops tf, Shape shape, DType dtype) {
      return new Constant(scale).call(tf, shape, dtype);
    }

    @Override
    protected void putConfig(Map<String, Object> config) {
      config.put("scale", scale);
    }
  }

  @Test
  void customInitializersResolveByRegisteredNameAndRoundTrip() {
    Initializers.register("my_pkg>ScaledOnes", c -> {
      double scale = ((Number) c.number("scale", 1.0)).doubleValue();
      c.finish();
      return new ScaledOnes(scale);
    });
    try {
      String json = "{\"module\": \"my_pkg\", \"class_name\": \"ScaledOnes\", \"config\": {\"scale\": 3.0},"
          + " \"registered_name\": \"my_pkg>ScaledOnes\"}";
      KerasInitializer init = Initializers.deserialize(json);
      assertInstanceOf(ScaledOnes.class, init);
      assertArrayEquals(new double[] {3, 3, 3, 3},
          TestTensors.eager(init, Shape.of(2, 2), DType.FLOAT32).doubles(), 0.0);
      assertEquals(KerasJson.parse(json, "x"), KerasJson.parse(Initializers.toJson(init), "y"));
      // module null, as Keras writes custom objects, and lookup by class name
      assertInstanceOf(ScaledOnes.class,
          Initializers.deserialize("{\"module\": null, \"class_name\": \"ScaledOnes\", \"config\": {}}"));
      KerasInitException bad = assertThrows(KerasInitException.class,
          () -> Initializers.deserialize("{\"class_name\": \"ScaledOnes\", \"config\": {\"scael\": 1}}"));
      assertTrue(bad.getMessage().contains("scael"), bad.getMessage());
    } finally {
      Initializers.unregister("my_pkg>ScaledOnes");
    }
    assertThrows(KerasInitException.class, () -> Initializers.get("my_pkg>ScaledOnes"));
  }

  @Test
  void serializationIsKerasKeyOrder() {
    Map<String, Object> s = Initializers.serialize(new GlorotUniform(Seed.of(1), List.of(0), List.of(1, 2)));
    assertEquals(List.of("module", "class_name", "config", "registered_name"), List.copyOf(s.keySet()));
    assertEquals(List.of("seed", "input_axes", "output_axes"),
        List.copyOf(((Map<?, ?>) s.get("config")).keySet()));
    Map<String, Object> vs = new LinkedHashMap<>(Initializers.serialize(Initializers.deserialize(
        "{\"class_name\": \"VarianceScaling\", \"config\": {\"distribution\": \"Normal\", \"scale\": 2}}")));
    Map<?, ?> cfg = (Map<?, ?>) vs.get("config");
    assertEquals("truncated_normal", cfg.get("distribution"));
    assertEquals(2L, cfg.get("scale")); // an int stays an int, as Keras writes it
  }
}
