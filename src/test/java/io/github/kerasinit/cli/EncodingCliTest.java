package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.kerasinit.config.KerasJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text encodings: model and config files must be UTF-8 (as Keras reads them), file names need a UTF-8 locale. */
class EncodingCliTest {
  private static final String MODEL = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"mod\u00e8le\","
      + " \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], \"name\": \"in\"}},"
      + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\u00e9nse_\u03b1\", \"units\": 2}}]}}";

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"UTF-16LE, false", "UTF-16BE, false", "UTF-16LE, true", "UTF-16BE, true", "UTF-32LE, false",
      "UTF-32BE, true"})
  void wideEncodingsAreNamed(String charset, boolean byteOrderMark) throws Exception {
    byte[] bytes = ((byteOrderMark ? "\ufeff" : "") + MODEL).getBytes(Charset.forName(charset));
    Path file = Files.write(dir.resolve("m.json"), bytes);
    CliRun r = CliRun.of("materialize", file.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("keras-init: error: " + file + " is " + charset + " text, not UTF-8; Keras reads JSON as UTF-8:"
        + " convert it (e.g. iconv -f " + charset + " -t UTF-8)", r.err().strip());
    Path config = Files.write(dir.resolve("c.json"), "{\"class_name\": \"Ones\"}".getBytes(Charset.forName(charset)));
    CliRun c = CliRun.of("config", "--config", "@" + config);
    assertEquals(1, c.code(), c.err());
    assertTrue(c.err().contains(config + " is " + charset + " text, not UTF-8"), c.err());
  }

  @Test
  void latin1IsRefusedWithWhereTheFirstBadByteIs() throws Exception {
    Path file = Files.write(dir.resolve("m.json"), ("{\"class_name\": \"Sequential\",\n \"config\": {\"name\":"
        + " \"mod\u00e8le\", \"layers\": []}}").getBytes(StandardCharsets.ISO_8859_1));
    CliRun r = CliRun.of("materialize", file.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains(file + " is not UTF-8 text: byte 0xE8 at line 2, column 25 is not valid UTF-8"),
        r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("Input length"), r.err());
  }

  @Test
  void utf8WithOrWithoutByteOrderMarkReadsAndJsonOutputIsAscii() throws Exception {
    Path plain = Files.writeString(dir.resolve("m.json"), MODEL, StandardCharsets.UTF_8);
    Path bom = Files.writeString(dir.resolve("bom.json"), "\ufeff" + MODEL, StandardCharsets.UTF_8);
    CliRun a = CliRun.of("materialize", plain.toString(), "--seed", "1", "--format", "json");
    CliRun b = CliRun.of("materialize", bom.toString(), "--seed", "1", "--format", "json");
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    // as Python's json.dumps writes it, so an ASCII terminal (LC_ALL=C) shows the same bytes
    assertTrue(a.out().contains("\"mod\\u00e8le/d\\u00e9nse_\\u03b1/kernel\""), a.out());
    assertTrue(a.out().chars().allMatch(ch -> ch < 0x80), a.out());
    assertEquals("mod\u00e8le", ((Map<?, ?>) KerasJson.parse(a.out(), "output")).get("model"));
  }

  /** A JVM in the C locale decodes arguments as ASCII: the error says so and what to do, instead of a Java trace. */
  @Test
  void aNonAsciiFileNameUnderLcAllCSaysWhatToDo() throws Exception {
    // named by sh, not by this JVM, which may itself run in the C locale
    Files.writeString(dir.resolve("m.json"), MODEL, StandardCharsets.UTF_8);
    assertEquals(0, new ProcessBuilder("sh", "-c", "cp m.json \"$(printf '%b' 'mod\\0303\\0250le.json')\"")
        .directory(dir.toFile()).start().waitFor());
    Result c = cli(dir, "C", "materialize", "mod\\0303\\0250le.json");
    assertEquals(2, c.code, c.err);
    assertTrue(c.err.contains("cannot be a file name here") && c.err.contains("ANSI_X3.4-1968")
        && c.err.contains("LC_ALL=C.UTF-8"), c.err);
    assertFalse(c.err.contains("InvalidPathException"), c.err);
    Result at = cli(dir, "C", "config", "--config", "@mod\\0303\\0250le.json");
    assertEquals(1, at.code, at.err);
    assertTrue(at.err.contains("@file: ") && at.err.contains("LC_ALL=C.UTF-8"), at.err);

    assumeTrue(cli(dir, "C.UTF-8", "--version").code == 0, "a C.UTF-8 locale");
    Result utf8 = cli(dir, "C.UTF-8", "materialize", "mod\\0303\\0250le.json", "--seed", "1");
    assertEquals(0, utf8.code, utf8.err);
  }

  private record Result(int code, String err) {}

  /**
   * The CLI in a JVM of its own under {@code LC_ALL=locale}; arguments go through printf %b, so octal escapes
   * (\\0NNN) give their bytes whatever this JVM's own charset.
   */
  private static Result cli(Path cwd, String locale, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    StringBuilder script = new StringBuilder("exec \"$0\" -cp \"$1\" io.github.kerasinit.cli.Main");
    for (String a : args) {
      script.append(" \"$(printf '%b' '").append(a).append("')\"");
    }
    List<String> command = new ArrayList<>(List.of("sh", "-c", script.toString(), java,
        System.getProperty("java.class.path")));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().put("LC_ALL", locale);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      assumeTrue(false, "sh");
      throw e;
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    p.getErrorStream().transferTo(err);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String text = err.toString(StandardCharsets.UTF_8);
    // TF's own start-up lines are not ours
    text = text.lines().filter(l -> l.startsWith("keras-init")).reduce("", (x, y) -> x + y + "\n");
    return new Result(p.exitValue(), text);
  }
}
