package io.github.kerasinit.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.tensor.GraphOps;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** What a Java project that depends on io.github.kerasinit:keras-init gets, and what it does not. */
class ConsumerTest {

  @Test
  void glorotUniformInAGraph() {
    KerasInitializer init = Initializers.get("glorot_uniform");
    assertEquals("GlorotUniform", init.className());
    float limit = (float) Math.sqrt(6.0 / (784 + 256)); // sqrt(6 / (fan_in + fan_out)) = 0.07595545
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat32> w = init.call(Ops.create(g), Shape.of(784, 256), TFloat32.class);
      try (TFloat32 value = (TFloat32) s.runner().fetch(w).run().get(0)) {
        assertArrayEquals(new long[] {784, 256}, value.shape().asArray());
        float[] min = {Float.POSITIVE_INFINITY};
        float[] max = {Float.NEGATIVE_INFINITY};
        value.scalars().forEach(x -> {
          float v = x.getFloat();
          min[0] = Math.min(min[0], v);
          max[0] = Math.max(max[0], v);
        });
        assertTrue(min[0] >= -limit && max[0] <= limit, "values in [" + min[0] + ", " + max[0] + "], limit " + limit);
        // 200,704 uniform draws fill the interval: a constant or a wrong scale fails here
        assertTrue(min[0] < -0.99 * limit && max[0] > 0.99 * limit, "range [" + min[0] + ", " + max[0] + "]");
      }
    }
  }

  /** GraphOps: an initializer's graph runs under a locale with digits of its own, where TF-Java's op names fail. */
  @Test
  void graphOpsRunUnderALocaleWithItsOwnDigits() {
    Locale saved = Locale.getDefault(Locale.Category.FORMAT);
    Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("ar-EG"));
    try (Graph g = new Graph(); Session s = new Session(g)) {
      KerasInitializer init = Initializers.get("glorot_uniform");
      Operand<TFloat32> w = init.call(GraphOps.create(g), Shape.of(3, 2), TFloat32.class);
      try (TFloat32 value = (TFloat32) s.runner().fetch(w).run().get(0)) {
        assertArrayEquals(new long[] {3, 2}, value.shape().asArray());
      }
    } finally {
      Locale.setDefault(Locale.Category.FORMAT, saved);
    }
  }

  /** The CLI's libraries and a logging binding: a library user must not get them transitively. */
  @ParameterizedTest
  @ValueSource(strings = {
      "picocli.CommandLine",                                  // info.picocli:picocli
      "org.knowm.xchart.XYChart",                             // org.knowm.xchart:xchart
      "me.tongfei.progressbar.ProgressBar",                   // me.tongfei:progressbar
      "org.openjdk.jmh.annotations.Benchmark",                // org.openjdk.jmh:jmh-core
      "org.openjdk.jmh.generators.BenchmarkProcessor",        // org.openjdk.jmh:jmh-generator-annprocess
      "joptsimple.OptionParser",                              // jopt-simple, via jmh-core
      "org.apache.commons.math3.distribution.NormalDistribution", // commons-math3, via JMH and the tests
      "org.slf4j.impl.StaticLoggerBinder",                    // slf4j-nop: the binding is the user's choice
  })
  void notOnTheClasspath(String className) {
    assertThrows(ClassNotFoundException.class, () -> Class.forName(className, false, loader()));
  }

  /** The library's real dependencies do come along. */
  @ParameterizedTest
  @ValueSource(strings = {
      "org.tensorflow.Graph",                                 // tensorflow-core-api
      "org.tensorflow.framework.initializers.Initializer",   // tensorflow-framework
      "com.google.protobuf.Message",                          // protobuf-java
      "com.fasterxml.jackson.databind.ObjectMapper",          // jackson-databind
      "org.apache.commons.rng.core.source32.MersenneTwister", // commons-rng-core
      "io.jhdf.HdfFile",                                      // jhdf
      "org.slf4j.Logger",                                     // slf4j-api, via jhdf
  })
  void onTheClasspath(String className) {
    assertDoesNotThrow(() -> Class.forName(className, false, loader()));
  }

  /**
   * TF-Java's Java API and its natives from one release: every tensorflow-core-api and tensorflow-core-native jar on
   * the classpath (the classifier jars hold the natives) has the same version. keras-init's dependencyManagement pin
   * does not reach this project, so keras-init must declare tensorflow-core-api itself.
   */
  @Test
  void oneTensorFlowVersion() throws IOException {
    Set<String> versions = new TreeSet<>();
    for (String artifact : new String[] {"tensorflow-core-api", "tensorflow-core-native"}) {
      String resource = "META-INF/maven/org.tensorflow/" + artifact + "/pom.properties";
      for (URL url : Collections.list(loader().getResources(resource))) {
        try (InputStream in = url.openStream()) {
          Properties p = new Properties();
          p.load(in);
          versions.add(p.getProperty("version"));
        }
      }
    }
    assertEquals(1, versions.size(), "TF-Java versions on the classpath: " + versions);
  }

  private static ClassLoader loader() {
    return ConsumerTest.class.getClassLoader();
  }
}
