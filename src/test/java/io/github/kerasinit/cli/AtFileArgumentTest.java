package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config @file.json}, as the README and --help write it: the file is the option's value. */
class AtFileArgumentTest {
  private static final String CONFIG = "{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": 0.25, \"seed\": 3}}";

  @TempDir
  Path dir;

  @Test
  void configReadsTheFileInBothForms() throws Exception {
    Path file = Files.writeString(dir.resolve("g.json"), CONFIG);
    CliRun separate = CliRun.of("config", "--config", "@" + file);
    CliRun attached = CliRun.of("config", "--config=@" + file);
    assertEquals(0, separate.code(), separate.err());
    assertEquals(0, attached.code(), attached.err());
    assertTrue(separate.out().contains("\"stddev\": 0.25"), separate.out());
    assertEquals(attached.out(), separate.out());
  }

  @Test
  void sampleReadsTheFileInBothForms() throws Exception {
    Path file = Files.writeString(dir.resolve("g.json"), CONFIG);
    CliRun separate = CliRun.of("sample", "--config", "@" + file, "--shape", "2,3", "--out",
        dir.resolve("a.npy").toString());
    CliRun attached = CliRun.of("sample", "--config=@" + file, "--shape", "2,3", "--out",
        dir.resolve("b.npy").toString());
    assertEquals(0, separate.code(), separate.err());
    assertEquals(0, attached.code(), attached.err());
    assertEquals(Files.readString(dir.resolve("a.npy"), java.nio.charset.StandardCharsets.ISO_8859_1),
        Files.readString(dir.resolve("b.npy"), java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void reportInitReadsTheFileInBothForms() throws Exception {
    Path file = Files.writeString(dir.resolve("g.json"), CONFIG);
    for (String[] init : new String[][] {{"--init", "@" + file}, {"--init=@" + file}}) {
      String[] args = {"report", "--depth", "1", "--width", "4", "--steps", "0", "--batch", "4", "--out",
          dir.resolve("report").toString()};
      String[] all = new String[args.length + init.length];
      System.arraycopy(args, 0, all, 0, args.length);
      System.arraycopy(init, 0, all, args.length, init.length);
      CliRun r = CliRun.of(all);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("RandomNormal("), r.out());
    }
  }

  @Test
  void aMissingAtFileIsAnInputErrorNamingIt() {
    Path missing = dir.resolve("missing.json");
    CliRun r = CliRun.of("config", "--config", "@" + missing);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("keras-init: error: ") && r.err().contains(missing.toString()), r.err());
  }
}
