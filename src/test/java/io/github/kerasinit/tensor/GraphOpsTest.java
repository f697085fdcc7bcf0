package io.github.kerasinit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.device.Devices;
import io.github.kerasinit.device.SessionConfigs;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Graph op names that TensorFlow accepts under every default locale, named as TF-Java names them. */
class GraphOpsTest {

  /** Under a locale with its own digits, TF-Java's names fail at the second op of a type; ours do not. */
  @ParameterizedTest
  @ValueSource(strings = {"ar-EG", "fa-IR", "en-US", "de-DE"})
  void aGraphOfRepeatedOpsRunsInEveryLocale(String tag) {
    Locale saved = Locale.getDefault(Locale.Category.FORMAT);
    Locale locale = Locale.forLanguageTag(tag);
    Locale.setDefault(Locale.Category.FORMAT, locale);
    try {
      try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
        Ops tf = GraphOps.create(graph);
        Operand<TFloat32> sum = tf.math.add(tf.math.add(tf.constant(1f), tf.constant(2f)), tf.constant(4f));
        try (Result r = session.runner().fetch(sum).run()) {
          assertEquals(7f, ((TFloat32) r.get(0)).getFloat());
        }
        assertEquals(List.of("Const", "Const_1", "Add", "Const_2", "Add_1"), names(graph));
      }
      boolean ownDigits = DecimalFormatSymbols.getInstance(locale).getZeroDigit() != '0';
      if (ownDigits) { // what the plain Ops do there (TF-Java 1.1): the reason for GraphOps
        try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
          Ops tf = Ops.create(graph);
          tf.constant(1f);
          Operand<TFloat32> second = tf.constant(2f);
          RuntimeException e = assertThrows(RuntimeException.class, () -> session.runner().fetch(second).run(), tag);
          assertTrue(e.getMessage().contains("invalid characters"), e.getMessage());
        }
      }
    } finally {
      Locale.setDefault(Locale.Category.FORMAT, saved);
    }
  }

  @Test
  void namesFollowTfJavasRules() {
    try (Graph graph = new Graph()) {
      Ops tf = GraphOps.create(graph);
      tf.withName("seed").constant(1);
      tf.withName("seed").constant(2);
      Ops sub = tf.withSubScope("dense");
      sub.constant(3);
      sub.constant(4);
      tf.withSubScope("dense").constant(5);
      tf.constant(6);
      assertEquals(List.of("seed", "seed_1", "dense/Const", "dense/Const_1", "dense_1/Const", "Const"), names(graph));
      assertThrows(IllegalArgumentException.class, () -> tf.withName("no spaces"));
      assertThrows(IllegalArgumentException.class, () -> tf.withSubScope("_leading"));
    }
  }

  @Test
  void aGraphWithOpsAlreadyInItGetsNewNames() {
    try (Graph graph = new Graph()) {
      Ops.create(graph).constant(1);
      Ops.create(graph).withName("Const_4").constant(2);
      GraphOps.create(graph).constant(3);
      List<String> names = names(graph);
      assertEquals(3, names.size(), names.toString());
      assertEquals(names.size(), names.stream().distinct().count(), names.toString());
      assertEquals("Const_5", names.get(2));
    }
  }

  @Test
  void deviceAndControlDependenciesComeFromTheGraphsScope() {
    try (Graph graph = new Graph()) {
      Ops tf = Devices.place(GraphOps.create(graph), "/CPU:0");
      Operand<TFloat32> first = tf.constant(1f);
      Operand<TFloat32> second = tf.withControlDependencies(List.of(first)).constant(2f);
      assertTrue(tf.scope().getDeviceString().contains("CPU"), tf.scope().getDeviceString());
      GraphOperation op = (GraphOperation) second.op();
      assertEquals(1, op.numControlInputs());
      assertEquals(graph, tf.scope().env());
      assertEquals(0, ((GraphOperation) first.op()).numControlInputs());
    }
  }

  /** createSharing: one node per key, device and init scope; never under a name or control dependencies. */
  @Test
  void aSharingGraphMakesAKeysNodeOnceAndOnlyWhereItsNodeWouldBeTheSame() {
    try (Graph graph = new Graph()) {
      Ops tf = GraphOps.createSharing(graph);
      Operand<TFloat32> one = GraphOps.shared(tf, "one", () -> tf.constant(1f));
      assertSame(one, GraphOps.shared(tf, "one", () -> tf.constant(1f)));
      assertSame(one, GraphOps.shared(tf.withSubScope("block"), "one", () -> tf.constant(1f)));
      assertNotSame(one, GraphOps.shared(tf, "two", () -> tf.constant(2f)));
      assertNotSame(one, GraphOps.shared(tf.withName("named"), "one", () -> tf.constant(1f)));
      assertNotSame(one, GraphOps.shared(tf.withControlDependencies(List.of(one)), "one", () -> tf.constant(1f)));
      Ops cpu = Devices.place(tf, "/CPU:0");
      Operand<TFloat32> onCpu = GraphOps.shared(cpu, "one", () -> cpu.constant(1f));
      assertNotSame(one, onCpu);
      assertSame(onCpu, GraphOps.shared(cpu, "one", () -> cpu.constant(1f)));
      assertEquals(5, names(graph).size(), names(graph).toString()); // one, two, named, dependent, on the CPU
    }
    try (Graph graph = new Graph()) {
      Ops tf = GraphOps.create(graph);
      assertNotSame(GraphOps.shared(tf, "one", () -> tf.constant(1f)),
          GraphOps.shared(tf, "one", () -> tf.constant(1f)));
    }
    try (Graph graph = new Graph()) {
      Ops plain = Ops.create(graph);
      assertNotSame(GraphOps.shared(plain, "one", () -> plain.constant(1f)),
          GraphOps.shared(plain, "one", () -> plain.constant(1f)));
    }
  }

  /** The shapes and bounds of many weights made in one sharing graph: fewer nodes, the same bytes. */
  @Test
  void sharedShapesAndBoundsMakeTheSameWeights() {
    io.github.kerasinit.catalog.GlorotUniform glorot =
        new io.github.kerasinit.catalog.GlorotUniform(io.github.kerasinit.random.Seed.of(7));
    List<float[]> values = new ArrayList<>();
    List<Integer> nodes = new ArrayList<>();
    for (boolean sharing : new boolean[] {false, true}) {
      try (Graph graph = new Graph(); Session session = new Session(graph, SessionConfigs.forInitializers())) {
        Ops tf = sharing ? GraphOps.createSharing(graph) : GraphOps.create(graph);
        List<Operand<?>> weights = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          weights.add(glorot.call(tf, org.tensorflow.ndarray.Shape.of(3, 5), io.github.kerasinit.DType.FLOAT32));
        }
        Session.Runner runner = session.runner();
        weights.forEach(runner::fetch);
        try (Result result = runner.run()) {
          float[] all = new float[60];
          for (int i = 0; i < 4; i++) {
            TFloat32 t = (TFloat32) result.get(i);
            for (int j = 0; j < 15; j++) {
              all[i * 15 + j] = t.getFloat(j / 5, j % 5);
            }
          }
          values.add(all);
        }
        nodes.add(names(graph).size());
      }
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(values.get(0), values.get(1));
    assertTrue(nodes.get(1) < nodes.get(0), nodes.toString());
  }

  /** The hand-written name check accepts exactly what TF-Java's pattern does. */
  @Test
  void theNameCheckIsTfJavasPattern() {
    java.util.regex.Pattern tfJava = java.util.regex.Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");
    char[] alphabet = "aZ09._-/ \u0661\u00e9xQ:".toCharArray();
    java.util.Random random = new java.util.Random(3);
    List<String> names = new ArrayList<>(List.of("", "Const", "Const_1", "_x", "-x", ".x", "a-b.c_d", "a/b", "\u0661"));
    for (int i = 0; i < 20_000; i++) {
      char[] name = new char[random.nextInt(6)];
      for (int j = 0; j < name.length; j++) {
        name[j] = alphabet[random.nextInt(alphabet.length)];
      }
      names.add(new String(name));
    }
    for (String name : names) {
      assertEquals(tfJava.matcher(name).matches(), GraphOps.isValidName(name), "'" + name + "'");
    }
    assertEquals(false, GraphOps.isValidName(null));
  }

  private static List<String> names(Graph graph) {
    List<String> names = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      names.add(it.next().name());
    }
    return names;
  }
}
