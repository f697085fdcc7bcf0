package io.github.kerasinit.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.LayerFactory;
import io.github.kerasinit.model.ModelGoldens;
import io.github.kerasinit.model.core.LayerClasses;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.random.PythonRandom;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The documentation's parity tables are made here from the goldens, never copied by hand: each sits in its page
 * between {@code <!-- begin NAME -->} and {@code <!-- end NAME -->} and must equal what this test builds. When the
 * goldens change, {@code mvn test -Dtest=DocsTablesTest -Ddocs.update=true} rewrites them. Counts only: which values
 * were bit-exact on a given machine is what ParityTest and the model tests print when they run.
 */
class DocsTablesTest {
  private static final List<String> DTYPES = List.of("float16", "bfloat16", "float32", "float64");
  /** README rows: a label and the Keras classes it counts. */
  private static final Map<String, List<String>> CLASS_ROWS = new LinkedHashMap<>();

  static {
    CLASS_ROWS.put("Constant", List.of("Constant"));
    CLASS_ROWS.put("Zeros, Ones", List.of("Zeros", "Ones"));
    CLASS_ROWS.put("Identity", List.of("Identity"));
    CLASS_ROWS.put("RandomNormal, TruncatedNormal", List.of("RandomNormal", "TruncatedNormal"));
    CLASS_ROWS.put("RandomUniform", List.of("RandomUniform"));
    CLASS_ROWS.put("VarianceScaling and its 6 presets", List.of("VarianceScaling", "GlorotUniform", "GlorotNormal",
        "HeNormal", "HeUniform", "LecunNormal", "LecunUniform"));
    CLASS_ROWS.put("Orthogonal", List.of("Orthogonal"));
    CLASS_ROWS.put("STFT", List.of("STFT"));
  }

  @Test
  void docsTablesAreTheGoldensCounts() throws IOException {
    check(Path.of("docs", "parity.md"), Map.of("parity-promise", promiseTable(), "parity-cases", casesTable()));
    check(Path.of("docs", "configs.md"), Map.of("parity-serialization", serializationTable()));
    check(Path.of("docs", "models.md"), Map.of("parity-models", modelsTable(), "layer-classes", layerClassesTable()));
    check(Path.of("docs", "applications.md"), Map.of("applications", applicationsTable()));
  }

  private static void check(Path page, Map<String, String> blocks) throws IOException {
    String text = Files.readString(page, StandardCharsets.UTF_8);
    String expected = text;
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      expected = replaceBlock(expected, page, b.getKey(), b.getValue());
    }
    if (Boolean.getBoolean("docs.update") && !expected.equals(text)) {
      Files.writeString(page, expected, StandardCharsets.UTF_8);
      text = expected;
    }
    assertEquals(expected, text, page + ": tables differ from the goldens; run"
        + " mvn test -Dtest=DocsTablesTest -Ddocs.update=true");
  }

  private static String replaceBlock(String text, Path page, String name, String body) {
    Pattern p = Pattern.compile("(<!-- begin " + name + " -->\n)(.*?)(<!-- end " + name + " -->)", Pattern.DOTALL);
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new AssertionError(page + " has no <!-- begin " + name + " --> ... <!-- end " + name + " --> block");
    }
    return text.substring(0, m.start(2)) + body + text.substring(m.end(2));
  }

  /**
   * What is exact, per kind of value: the classes, the values Keras computes (less the documented deviations, which
   * keras-init refuses), the promise on one machine and across.
   */
  static String promiseTable() {
    List<GoldenCase> ok = GoldenCase.load().stream().filter(c -> c.ok && Deviations.reason(c) == null).toList();
    StringBuilder sb = new StringBuilder();
    sb.append("| values | cases | vs Python Keras on the same machine | vs the goldens, on any machine | why |\n");
    sb.append("| --- | --- | --- | --- | --- |\n");
    List<GoldenCase> portable = ok.stream().filter(c -> c.machineDependent == null).toList();
    sb.append(String.format(Locale.ROOT, "| portable: %s, any dtype | %,d | bit-exact | bit-exact | Philox counters,"
        + " integer and basic IEEE arithmetic, dtype casts: the same bits on every CPU; a difference is a bug |%n",
        String.join(", ", classes(portable)), portable.size()));
    for (Map.Entry<String, Object> b : GoldenCase.bounds().entrySet()) {
      Map<?, ?> spec = (Map<?, ?>) b.getValue();
      List<GoldenCase> cases = ok.stream().filter(c -> b.getKey().equals(c.machineDependent)).toList();
      Set<String> dtypes = new LinkedHashSet<>();
      DTYPES.stream().filter(d -> cases.stream().anyMatch(c -> c.dtype.equals(d))).forEach(dtypes::add);
      String bound = "within " + spec.get("max_rel_eps") + " eps of the largest magnitude"
          + (b.getKey().startsWith("qr") ? ", and as orthogonal" : "");
      String live = "bit-exact".equals(spec.get("live")) ? "bit-exact (the same kernel)" : bound;
      sb.append(String.format(Locale.ROOT, "| `%s`: %s in %s | %,d | %s | %s | %s (measured: %s) |%n", b.getKey(),
          String.join(", ", classes(cases)), String.join(", ", dtypes), cases.size(), live, bound, spec.get("why"),
          spec.get("measured")));
    }
    return sb.toString();
  }

  /** Values checked per class and dtype, and the inputs Keras rejects. */
  static String casesTable() {
    List<GoldenCase> all = GoldenCase.load();
    StringBuilder sb = new StringBuilder("| initializer | float16 | bfloat16 | float32 | float64 | int / bool |\n");
    sb.append("| --- | --- | --- | --- | --- | --- |\n");
    for (Map.Entry<String, List<String>> row : CLASS_ROWS.entrySet()) {
      sb.append("| ").append(row.getKey());
      for (String dtype : DTYPES) {
        sb.append(" | ").append(cell(count(all, c -> c.ok && row.getValue().contains(c.kerasClassName())
            && c.dtype.equals(dtype))));
      }
      sb.append(" | ").append(cell(count(all, c -> c.ok && row.getValue().contains(c.kerasClassName())
          && !DTYPES.contains(c.dtype)))).append(" |\n");
    }
    sb.append(String.format(Locale.ROOT, "%nTotal: %,d cases; %,d values (%,d portable, %,d machine-dependent) and"
        + " %,d inputs that Keras rejects.%n", all.size(), all.stream().filter(c -> c.ok).count(),
        all.stream().filter(c -> c.ok && c.machineDependent == null).count(),
        all.stream().filter(c -> c.ok && c.machineDependent != null).count(), all.stream().filter(c -> !c.ok).count()));
    return sb.toString();
  }

  /** Round trips per class and config format (the cases Keras could serialize). */
  static String serializationTable() {
    List<GoldenCase> all = GoldenCase.load().stream().filter(c -> c.serialized != null).toList();
    StringBuilder sb = new StringBuilder("| class | Keras 3 dict | Keras 2 dict | alias string |\n");
    sb.append("| --- | --- | --- | --- |\n");
    for (Map.Entry<String, List<String>> row : CLASS_ROWS.entrySet()) {
      sb.append("| ").append(row.getKey());
      for (int format = 0; format < 3; format++) {
        int f = format;
        long n = count(all, c -> row.getValue().contains(c.kerasClassName()) && format(c) == f);
        sb.append(" | ").append(cell(n));
      }
      sb.append(" |\n");
    }
    return sb.toString();
  }

  /** The models of models/: weights, parameters, and the weights whose values are machine-dependent. */
  static String modelsTable() throws IOException {
    StringBuilder sb = new StringBuilder("| model | weights | parameters | machine-dependent weights |\n");
    sb.append("| --- | --- | --- | --- |\n");
    for (String name : ModelGoldens.MODELS) {
      List<?> weights;
      try (InputStream in = GoldenCase.resource("models/" + name + ".weights.json")) {
        weights = (List<?>) ((Map<?, ?>) KerasJson.parse(in, name)).get("weights");
      }
      long parameters = 0;
      List<String> machine = new ArrayList<>();
      for (Object w : weights) {
        Map<?, ?> weight = (Map<?, ?>) w;
        parameters += ((List<?>) weight.get("shape")).stream().mapToLong(d -> ((Number) d).longValue())
            .reduce(1, (a, b) -> a * b);
        if (weight.get("machine_dependent") != null) {
          machine.add((String) weight.get("machine_dependent"));
        }
      }
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s |%n", name, weights.size(), parameters,
          machine.isEmpty() ? "—" : machine.size() + " (`" + String.join("`, `", new LinkedHashSet<>(machine)) + "`)"));
    }
    return sb.toString();
  }

  /**
   * Every class of keras.layers as the enumeration (python-parity/export_models.py, the resource
   * {@link LayerClasses#RESOURCE}) found it, and what keras-init does with it: which classes keras-init supports
   * is its LayerFactory's list, so the table changes when either does.
   */
  static String layerClassesTable() throws IOException {
    Set<String> supported = new HashSet<>(new LayerFactory(new ModelContext(new PythonRandom(0), null, false), false)
        .supported());
    List<?> rows;
    try (InputStream in = LayerClasses.class.getResourceAsStream(LayerClasses.RESOURCE)) {
      rows = (List<?>) ((Map<?, ?>) KerasJson.parse(in, "layer_classes.json")).get("classes");
    }
    StringBuilder sb = new StringBuilder("| keras.layers class | weights (minimal instance) | keras-init |\n");
    sb.append("| --- | --- | --- |\n");
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Object o : rows) {
      Map<?, ?> row = (Map<?, ?>) o;
      String name = (String) row.get("class");
      long weights = row.get("weights") instanceof Number ? ((Number) row.get("weights")).longValue() : -1;
      String status;
      if (supported.contains(name) && weights > 0) {
        status = "supported, with weights";
      } else if (supported.contains(name) && weights == 0) {
        status = Boolean.TRUE.equals(row.get("draws_seeds")) ? "weightless, accepted; takes Keras' seed draws"
            : "weightless, accepted";
      } else if (row.get("skipped") != null) {
        status = "refused: " + row.get("skipped");
      } else {
        status = "refused: not implemented";
      }
      String kind = status.substring(0, status.indexOf(status.startsWith("refused") ? ':' : ','));
      kind = kind.equals("supported") ? "supported with weights" : kind.equals("weightless") ? "weightless accepted"
          : kind;
      counts.merge(kind, 1, Integer::sum);
      sb.append(String.format(Locale.ROOT, "| %s%s | %s | %s |%n", name,
          row.get("alias_of") != null ? " (alias of " + row.get("alias_of") + ")" : "",
          weights < 0 ? "—" : Long.toString(weights), status));
    }
    sb.append(String.format(Locale.ROOT, "%n%d classes: ", rows.size()));
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    sb.append(String.join(", ", parts)).append(".\n");
    return sb.toString();
  }

  /** keras.applications' constructors (python-parity/applications.py): weights and parameters of each. */
  static String applicationsTable() throws IOException {
    StringBuilder sb = new StringBuilder("| constructor | weights | parameters |\n| --- | --- | --- |\n");
    Map<?, ?> index;
    try (InputStream in = GoldenCase.resource("applications/index.json")) {
      index = (Map<?, ?>) KerasJson.parse(in, "index.json");
    }
    long totalWeights = 0;
    long totalParameters = 0;
    Set<String> ways = new LinkedHashSet<>();
    for (Object name : (List<?>) index.get("constructors")) {
      Map<?, ?> golden;
      try (InputStream in = new java.util.zip.GZIPInputStream(GoldenCase.resource("applications/" + name
          + ".weights.json.gz"))) {
        golden = (Map<?, ?>) KerasJson.parse(in, name + ".weights.json.gz");
      }
      List<?> weights = (List<?>) golden.get("weights");
      long parameters = 0;
      for (Object w : weights) {
        parameters += ((List<?>) ((Map<?, ?>) w).get("shape")).stream().mapToLong(d -> ((Number) d).longValue())
            .reduce(1, (a, b) -> a * b);
        ((Map<?, ?>) ((Map<?, ?>) w).get("sha256")).keySet().forEach(k -> ways.add((String) k));
      }
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", name, weights.size(), parameters));
      totalWeights += weights.size();
      totalParameters += parameters;
    }
    sb.append(String.format(Locale.ROOT, "%n%d constructors (Keras %s): %,d weights, %,d parameters; the goldens hold"
        + " every weight's sha256 for each of: %s.%n", ((List<?>) index.get("constructors")).size(),
        index.get("keras_version"), totalWeights, totalParameters, String.join(", ", ways)));
    return sb.toString();
  }

  private static List<String> classes(List<GoldenCase> cases) {
    List<String> out = new ArrayList<>();
    for (List<String> row : CLASS_ROWS.values()) {
      for (String cls : row) {
        if (cases.stream().anyMatch(c -> c.kerasClassName().equals(cls)) && !out.contains(cls)) {
          out.add(cls);
        }
      }
    }
    return out;
  }

  private static String cell(long n) {
    return n == 0 ? "—" : String.format(Locale.ROOT, "%,d", n);
  }

  private static long count(List<GoldenCase> cases, Predicate<GoldenCase> p) {
    return cases.stream().filter(p).count();
  }

  /** 0: Keras 3 dict, 1: Keras 2 dict, 2: alias string (as SerializationParityTest counts them). */
  private static int format(GoldenCase c) {
    return c.config instanceof String ? 2 : ((Map<?, ?>) c.config).containsKey("module") ? 0 : 1;
  }
}
