package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keras-init report}: the files it writes, its tables, and its one-line errors. Small networks: fast. */
class ReportCommandTest {
  @Test
  void writesChartsAsPngAndSvgWithCsvAndHtml(@TempDir Path dir) throws IOException {
    CliRun r = CliRun.of("report", "--depth", "4", "--width", "32", "--batch", "16", "--steps", "3", "--out",
        dir.toString());
    assertEquals(0, r.code(), r.err());
    for (String chart : new String[] {"activation-std", "gradient-std", "loss"}) {
      byte[] png = Files.readAllBytes(dir.resolve(chart + ".png"));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), chart);
      String svg = Files.readString(dir.resolve(chart + ".svg"));
      assertTrue(svg.contains("<svg") && svg.contains("</svg>"), chart);
    }
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("activation-std.svg") && html.contains("he_normal"), html);
    String csv = Files.readString(dir.resolve("report.csv"));
    // 7 initializers x 4 layers, then 7 x 4 losses (start + 3 steps), each with a header
    assertEquals(1 + 28 + 1 + 1 + 28, csv.lines().count(), csv);
    assertTrue(r.out().contains("activation std by layer") && r.out().contains("twin units"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("zeros") && l.contains("100%")), r.out());
  }

  @Test
  void readsTheDenseChainOfAModelAndAddsItsOwnInitializers(@TempDir Path dir) {
    CliRun r = CliRun.of("report", "--model", "models/mlp.json", "--init", "he_uniform", "--steps", "0", "--batch", "8",
        "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("model mlp.json (Sequential)"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("as configured")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("dense_1 ")), "both hidden layers:\n" + r.out());
  }

  /**
   * A report that cannot be written whole (here RLIMIT_FSIZE, as a full disk): one line with the system's reason, not
   * the encoders' wrappers or an exit hook's NullPointerException trace, and none of its files; an earlier report
   * stays as it was.
   */
  @Test
  void aReportThatCannotBeWrittenWholeLeavesNoneOfItsFiles(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectories(dir.resolve("rep"));
    Path earlier = Files.writeString(out.resolve("report.csv"), "an earlier report");
    for (int kib : new int[] {20, 100}) { // the first PNG fails; the PNG passes and its SVG fails
      Process p = ChildCli.withFileSizeLimit(kib, "report", "--out", out.toString(), "--depth", "3", "--width", "8",
          "--steps", "2");
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(1, p.exitValue(), output);
      java.util.List<String> errors = output.lines().filter(l -> l.startsWith("keras-init")
          || l.contains("Exception") || l.startsWith("\tat ")).toList();
      assertEquals(java.util.List.of("keras-init: error: cannot write " + out.resolve(kib == 20 ? "activation-std.png"
          : "activation-std.svg") + ": File too large"), errors, output);
      try (var files = Files.list(out)) {
        assertEquals(java.util.List.of(earlier), files.toList(), "no file of the failed report, no temporary file");
      }
      assertEquals("an earlier report", Files.readString(earlier));
    }
  }

  @Test
  void badInputIsOneLineNamingTheValue() {
    assertError(CliRun.of("report", "--activation", "gelu"), "activation \"gelu\"", "allowed: linear, relu");
    assertError(CliRun.of("report", "--depth", "0"), "--depth must be 1..1000, got 0");
    assertError(CliRun.of("report", "--model", "models/cnn_bn.json"), "layer \"conv2d\" is Conv2D");
    assertError(CliRun.of("report", "--init", "he_normall"), "he_normall");
    assertError(CliRun.of("report", "--dtype", "float16"), "float32 or float64");
    assertError(CliRun.of("report", "--learning-rate", "-1"), "--learning-rate", "-1");
  }

  private static void assertError(CliRun r, String... parts) {
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String part : parts) {
      assertTrue(r.err().contains(part), part + " not in: " + r.err());
    }
  }
}
