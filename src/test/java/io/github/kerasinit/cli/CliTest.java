package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.Npy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, one-line errors, no partial files, the sample contract. */
class CliTest {
  @TempDir
  Path dir;

  @Test
  void samplesOneTensorAsNpy() throws Exception {
    Path out = dir.resolve("w.npy");
    CliRun r = CliRun.of("sample", "--config", "{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 42}}", "--shape",
        "3,4", "--dtype", "bfloat16", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    try (InputStream in = Files.newInputStream(out)) {
      Npy.Array a = Npy.read(in);
      assertEquals("<u2", a.descr);
      assertArrayEquals(new long[] {3, 4}, a.shape);
      assertEquals(24, a.data.length);
    }
  }

  @Test
  void inputErrorsAreOneLineAndExitOneWithoutLeavingAFile() throws Exception {
    Path out = dir.resolve("x.npy");
    CliRun r = CliRun.of("sample", "--config", "glorot_unifrom", "--shape", "3", "--out", out.toString());
    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("keras-init: error: ") && r.err().contains("glorot_uniform"), r.err());
    assertFalse(Files.exists(out));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "no temporary file left behind");
    }
  }

  /** keras.initializers.get("he_normal ") raises "Could not interpret initializer identifier"; JSON may have spaces. */
  @Test
  void aNameIsTakenAsGivenAndJsonWithItsWhitespace() throws Exception {
    for (String name : new String[] {"he_normal ", " he_normal", " "}) {
      CliRun r = CliRun.of("config", "--config", name);
      assertEquals(1, r.code(), name);
      assertTrue(r.err().contains("Could not interpret initializer identifier \"" + name + "\""), r.err());
    }
    assertEquals(0, CliRun.of("config", "--config", " {\"class_name\": \"Zeros\"}\n").code());
    Path file = Files.writeString(dir.resolve("name.txt"), "he_normal\n");
    assertEquals(0, CliRun.of("config", "--config", "@" + file).code()); // a file's trailing newline is no name's
  }

  @Test
  void usageErrorsExitTwo() {
    CliRun r = CliRun.of("sample", "--shape", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("keras-init: usage error: "), r.err());
    assertEquals(2, CliRun.of("frobnicate").code());
    assertEquals(2, CliRun.of("config", "--config", "zeros", "--format", "keras1").code());
  }

  @Test
  void verbosePrintsTheStackTrace() {
    CliRun r = CliRun.of("--verbose", "sample", "--config", "nope", "--shape", "3", "--out",
        dir.resolve("y.npy").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("at io.github.kerasinit"), r.err());
  }

  @Test
  @SuppressWarnings("unchecked")
  void casesFileWritesEveryTensorAndAManifestAndExitsZeroWithRejections() throws Exception {
    Path cases = dir.resolve("cases.json");
    Files.writeString(cases, "[{\"id\": \"a\", \"config\": \"ones\", \"shape\": [2], \"dtype\": \"int32\"},"
        + " {\"id\": \"b\", \"config\": {\"class_name\": \"Orthogonal\", \"config\": {\"seed\": 1}}, \"shape\": [4],"
        + " \"dtype\": \"float32\"}]");
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("sample", "--cases", cases.toString(), "--out-dir", out.toString());
    assertEquals(0, r.code(), r.err());
    List<Map<String, Object>> manifest;
    try (InputStream in = Files.newInputStream(out.resolve("manifest.json"))) {
      manifest = (List<Map<String, Object>>) KerasJson.parse(in, "manifest");
    }
    assertEquals("ok", manifest.get(0).get("status"));
    assertEquals(64, ((String) manifest.get(0).get("sha256")).length());
    assertEquals("error", manifest.get(1).get("status"));
    assertTrue(((String) manifest.get(1).get("message")).contains("two-dimensional"));
    assertTrue(Files.exists(out.resolve("a.npy")));
    assertFalse(Files.exists(out.resolve("b.npy")));
  }

  @Test
  void unsafeCaseIdsAreRefused() throws Exception {
    Path cases = dir.resolve("cases.json");
    Files.writeString(cases, "[{\"id\": \"../escape\", \"config\": \"ones\", \"shape\": [2], \"dtype\": \"int32\"}]");
    CliRun r = CliRun.of("sample", "--cases", cases.toString(), "--out-dir", dir.resolve("o").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("../escape"), r.err());
  }
}
