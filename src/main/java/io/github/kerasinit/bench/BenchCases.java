package io.github.kerasinit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark cases, shared with python-parity/bench.py (which reads them from {@code keras-init bench --list}):
 * each random initializer at 2^24 (4096 x 4096) and 2^26 (8192 x 8192) elements in float32, bfloat16 and float64;
 * Constant at both sizes; Identity 4096²; Orthogonal 1024² and 4096²; and the models.
 */
public final class BenchCases {
  private BenchCases() {}

  /** One initializer case: a Keras config, a shape, a dtype. */
  public static final class Case {
    public final String id;
    public final String config;
    public final long[] shape;
    public final String dtype;

    Case(String id, String config, long[] shape, String dtype) {
      this.id = id;
      this.config = config;
      this.shape = shape;
      this.dtype = dtype;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("config", config);
      m.put("shape", shape);
      m.put("dtype", dtype);
      return m;
    }
  }

  private static final String[][] RANDOM = {
    {"RandomNormal", "{\"class_name\": \"RandomNormal\", \"config\": {\"seed\": 1}}"},
    {"TruncatedNormal", "{\"class_name\": \"TruncatedNormal\", \"config\": {\"seed\": 1}}"},
    {"RandomUniform", "{\"class_name\": \"RandomUniform\", \"config\": {\"seed\": 1}}"},
    {"GlorotUniform", "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 1}}"},
    {"HeNormal", "{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 1}}"},
    {"VarianceScaling(untruncated_normal)",
        "{\"class_name\": \"VarianceScaling\", \"config\": {\"distribution\": \"untruncated_normal\", \"seed\": 1}}"},
  };

  /** Every initializer case, in table order. */
  public static List<Case> initializers() {
    List<Case> cases = new ArrayList<>();
    for (String dtype : List.of("float32", "bfloat16", "float64")) {
      for (String[] r : RANDOM) {
        cases.add(new Case(r[0] + "/" + dtype + "/2^24", r[1], new long[] {4096, 4096}, dtype));
        cases.add(new Case(r[0] + "/" + dtype + "/2^26", r[1], new long[] {8192, 8192}, dtype));
      }
      if (dtype.equals("float32")) {
        String constant = "{\"class_name\": \"Constant\", \"config\": {\"value\": 0.5}}";
        cases.add(new Case("Constant/float32/2^24", constant, new long[] {4096, 4096}, dtype));
        cases.add(new Case("Constant/float32/2^26", constant, new long[] {8192, 8192}, dtype));
        cases.add(new Case("Identity/float32/4096^2", "{\"class_name\": \"Identity\", \"config\": {}}",
            new long[] {4096, 4096}, dtype));
        String orthogonal = "{\"class_name\": \"Orthogonal\", \"config\": {\"seed\": 1}}";
        cases.add(new Case("Orthogonal/float32/1024^2", orthogonal, new long[] {1024, 1024}, dtype));
        cases.add(new Case("Orthogonal/float32/4096^2", orthogonal, new long[] {4096, 4096}, dtype));
      }
    }
    return cases;
  }

  /** The quick subset: float32 at 2^24, Identity, Orthogonal 1024². */
  public static List<Case> quick() {
    List<Case> out = new ArrayList<>();
    for (Case c : initializers()) {
      if (c.dtype.equals("float32") && !c.id.endsWith("2^26") && !c.id.endsWith("4096^2")
          || c.id.startsWith("Identity")) {
        out.add(c);
      }
    }
    return out;
  }

  public static Case byId(String id) {
    for (Case c : initializers()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown bench case " + id);
  }

  /** Models benchmarked end to end (files under models/). */
  public static final List<String> MODELS = List.of("wide_mlp", "resnet50");

  /** Models of the whole-process benchmark (bench --process): small to large, few to many weights. */
  public static final List<String> PROCESS_MODELS = List.of("mlp", "cnn_bn", "resnet50", "efficientnet_b0",
      "wide_mlp");
}
