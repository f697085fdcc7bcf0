package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every number the CLI writes or reads is locale-independent: the same bytes under a comma-decimal locale (de_DE,
 * fr_FR), under tr_TR (where "I".toLowerCase() is a dotless i) and under ar_EG and fa_IR (their own digits, which
 * TF-Java 1.1 wrote into graph op names: tensor/GraphOps) as under the root locale.
 */
class LocaleCliTest {
  private static final String CASES = "[{\"id\": \"normal\", \"config\": {\"class_name\": \"RandomNormal\", \"config\":"
      + " {\"mean\": 0.125, \"stddev\": 1.5e-3, \"seed\": 1}}, \"shape\": [3, 2], \"dtype\": \"float32\"},"
      + " {\"id\": \"INIT_I\", \"config\": \"Identity\", \"shape\": [2, 2], \"dtype\": \"float64\"},"
      + " {\"id\": \"bad\", \"config\": {\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": -0.25}},"
      + " \"shape\": [2], \"dtype\": \"float32\"}]";

  @TempDir
  Path dir;

  @Test
  void outputsAreTheSameBytesInEveryLocale() throws Exception {
    List<String> root = runAll(Locale.ROOT, "root");
    for (Locale locale : List.of(Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("tr-TR"),
        Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("fa-IR"))) {
      List<String> other = runAll(locale, locale.toLanguageTag());
      for (int i = 0; i < root.size(); i++) {
        assertEquals(root.get(i), other.get(i), "output " + i + " under " + locale.toLanguageTag());
      }
    }
    assertTrue(root.get(0).contains("\"stddev\": 0.0015"), root.get(0));
  }

  /** config, materialize (table and JSON), sample --cases and report, under {@code locale}. */
  private List<String> runAll(Locale locale, String tag) throws Exception {
    Locale saved = Locale.getDefault();
    Locale.setDefault(locale);
    try {
      List<String> out = new ArrayList<>();
      out.add(ok(CliRun.of("config", "--config",
          "{\"class_name\": \"TruncatedNormal\", \"config\": {\"mean\": 0.5, \"stddev\": 0.0015, \"seed\": 12}}")));
      Path model = Path.of("models/mlp.json");
      out.add(ok(CliRun.of("materialize", model.toString(), "--seed", "1", "--format", "json")));
      // the last line says how long it took
      String table = ok(CliRun.of("materialize", model.toString(), "--seed", "1"));
      out.add(table.substring(0, table.stripTrailing().lastIndexOf('\n')));
      Path cases = Files.writeString(dir.resolve("cases-" + tag + ".json"), CASES);
      Path samples = dir.resolve("samples-" + tag);
      out.add(ok(CliRun.of("sample", "--cases", cases.toString(), "--out-dir", samples.toString()))
          .replace(tag, ""));
      out.add(Files.readString(samples.resolve("manifest.json")));
      out.add(sha256(samples.resolve("normal.npy")));
      Path report = dir.resolve("report-" + tag);
      out.add(ok(CliRun.of("report", "--depth", "2", "--width", "8", "--batch", "8", "--steps", "2",
          "--learning-rate", "0.05", "--init", "glorot_uniform", "--out", report.toString())).replace(tag, ""));
      out.add(Files.readString(report.resolve("report.csv")));
      try (Stream<Path> files = Files.list(report)) {
        out.add(files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(",")));
      }
      return out;
    } finally {
      Locale.setDefault(saved);
    }
  }

  private static String ok(CliRun r) {
    assertEquals(0, r.code(), r.err());
    return r.out();
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
