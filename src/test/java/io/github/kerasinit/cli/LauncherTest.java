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
    return runWith(null, script, args);
  }

  /** {@code javaOpts}: KERAS_INIT_JAVA_OPTS, or null for the launcher's defaults. */
  private static Run runWith(String javaOpts, Path script, String... args) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA", java());
    if (javaOpts != null) {
      builder.environment().put("KERAS_INIT_JAVA_OPTS", javaOpts);
    }
    Process p = builder.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
    return new Run(p.exitValue(), out, err);
  }

  /**
   * stderr redirected to a file that already holds text (`script > log 2>&1`, `2>> log`): the launcher's messages
   * go after it, and the file keeps it (reopening the descriptor without O_APPEND truncated the file).
   */
  @Test
  void aStderrFileKeepsWhatItHeld() throws Exception {
    Path log = dir.resolve("log.txt");
    Files.writeString(log, "before keras-init\n");
    ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "materialize", dir.resolve("missing.json")
        .toString());
    builder.environment().put("JAVA", java());
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = builder.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
    String text = Files.readString(log);
    assertTrue(text.startsWith("before keras-init\nkeras-init: error: "), text);
    assertTrue(text.contains("missing.json"), text);
    assertEquals(-1, text.indexOf('\0'), "a hole of NULs");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The class-data-sharing archive beside the jar is used when it matches and ignored, silently, when it does not:
   * a valid archive, the same archive once the jar has changed (stale), and garbage all give the same clean run.
   * -Xshare:on (which fails instead of falling back) shows the launcher passes the archive at all.
   */
  @Test
  void aMissingStaleOrBrokenClassDataArchiveFallsBackSilently() throws Exception {
    Path jar = launcher.resolveSibling("keras-init.jar");
    Path archive = launcher.resolveSibling("keras-init.jsa");
    // a real static archive for a class path that starts with keras-init.jar, as `mvn package` makes one
    Process dump = new ProcessBuilder(java(), "-Xshare:dump", "-XX:SharedArchiveFile=" + archive, "-cp",
        jar.toString()).redirectErrorStream(true).start();
    dump.getInputStream().readAllBytes();
    assertTrue(dump.waitFor(120, TimeUnit.SECONDS) && dump.exitValue() == 0 && Files.size(archive) > 0);
    assertCleanVersion(run(launcher, "--version"));
    assertEquals(0, runWith("-Xshare:on -XX:+UseSerialGC", launcher, "--version").code()); // mapped: it matches

    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new java.util.jar.JarEntry("rebuilt.txt")); // another jar: size and time differ
      j.write(1);
    }
    assertCleanVersion(run(launcher, "--version"));

    Files.delete(archive);
    Files.write(archive, new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'a', 'r', 'c', 'h', 'i', 'v', 'e'});
    assertCleanVersion(run(launcher, "--version"));
    assertTrue(runWith("-Xshare:on", launcher, "--version").code() != 0, "the launcher did not pass the archive");

    Files.delete(archive);
    assertCleanVersion(run(launcher, "--version"));
  }

  private static void assertCleanVersion(Run r) {
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("keras-init 0.1.0"), r.out());
    assertEquals("", r.err());
  }

  /** The options the launcher gives by default are those its messages suggest extending. */
  @Test
  void theLaunchersDefaultOptionsAreJvmOptions() throws Exception {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{KERAS_INIT_JAVA_OPTS:-([^}]*)}")
        .matcher(Files.readString(Path.of("src/main/launcher/keras-init")));
    assertTrue(m.find(), "no default for KERAS_INIT_JAVA_OPTS in the launcher");
    assertEquals(io.github.kerasinit.JvmOptions.LAUNCHER_DEFAULT, m.group(1));
  }

  /** A CompileCommand naming a method that is gone (renamed, moved) would match nothing, quietly. */
  @Test
  void theLaunchersCompileCommandsNameMethodsThatExist() throws Exception {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("CompileCommand=\\w+,([\\w.$]+)::(\\w+)")
        .matcher(Files.readString(Path.of("src/main/launcher/keras-init")));
    int found = 0;
    while (m.find()) {
      found++;
      String method = m.group(2);
      assertTrue(java.util.Arrays.stream(Class.forName(m.group(1)).getDeclaredMethods())
          .anyMatch(x -> x.getName().equals(method)), m.group());
    }
    assertTrue(found > 0, "no CompileCommand in the launcher");
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
