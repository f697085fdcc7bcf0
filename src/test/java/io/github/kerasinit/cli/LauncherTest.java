package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script (src/main/launcher/keras-init, which `mvn package` copies to target/) in a layout like
 * target/'s: the script, classpath.txt (here the test classpath, which holds target/classes) and keras-init.jar.
 */
class LauncherTest {
  @TempDir
  Path dir;
  Path launcher;

  @BeforeEach
  void layOut() throws IOException {
    Path target = Files.createDirectories(dir.resolve("project/target"));
    launcher = target.resolve("keras-init");
    Files.copy(Path.of("src/main/launcher/keras-init"), launcher);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
    try (OutputStream out = Files.newOutputStream(target.resolve("keras-init.jar"));
        JarOutputStream jar = new JarOutputStream(out)) {
      jar.finish(); // an empty jar: the classes come from classpath.txt
    }
  }

  record Run(int code, String out, String err) {}

  private static Run run(Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p = builder.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
    return new Run(p.exitValue(), out, err);
  }

  @Test
  void aSymlinkedLauncherFindsItsJarBesideTheRealFile() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path absolute = Files.createSymbolicLink(bin.resolve("keras-init"), launcher);
    Path relative = Files.createSymbolicLink(dir.resolve("ki"), Path.of("bin/keras-init")); // a link to a link
    for (Path link : List.of(absolute, relative)) {
      Run r = run(link, "--version");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("keras-init 0.1.0"), r.out());
    }
  }

  @Test
  void javaWarningsAreOneLinePrefixedWithKerasInit() throws Exception {
    Run r = run(launcher, "config", "--config", "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 1,"
        + " \"dtype\": \"float32\"}}");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("keras-init: WARNING: GlorotUniform: ignoring the TF1-era config key"),
        r.err());
  }

  /**
   * TF's native start-up lines (absl's "All log messages before absl::InitializeLog()..." and its INFO lines such as
   * "MLIR V1 optimization pass is not enabled") stay off a normal run, whose stderr is empty; --verbose shows them.
   */
  @Test
  void tensorFlowsStartUpLinesOnlyWithVerbose() throws Exception {
    Path model = Path.of("models/mlp.json").toAbsolutePath();
    Run quiet = run(launcher, "materialize", model.toString());
    assertEquals(0, quiet.code(), quiet.err());
    assertEquals("", quiet.err());
    assertTrue(quiet.out().contains("Sequential \"mlp\""), quiet.out());
    Run verbose = run(launcher, "materialize", model.toString(), "--verbose");
    assertEquals(0, verbose.code(), verbose.err());
    assertTrue(verbose.err().contains("MLIR V1 optimization pass is not enabled"), verbose.err());
  }

  /** keras-init's own messages still reach stderr at once, and exit codes pass through the launcher. */
  @Test
  void ownErrorsAndExitCodesComeThrough() throws Exception {
    Run r = run(launcher, "materialize", dir.resolve("missing.json").toString());
    assertEquals(1, r.code());
    assertEquals("keras-init: error: model file " + dir.resolve("missing.json") + " does not exist\n", r.err());
    Run usage = run(launcher);
    assertEquals(2, usage.code());
    assertEquals("keras-init: usage error: missing command (see --help)\n", usage.err());
  }
}
