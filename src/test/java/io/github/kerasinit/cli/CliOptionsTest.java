package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.io.Npy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Option values the commands refuse as usage errors (exit 2, one line naming the value), and what they accept. */
class CliOptionsTest {
  @TempDir
  Path dir;

  private static void assertUsageError(CliRun r, String... fragments) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("keras-init: usage error: "), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "\"" + f + "\" missing from: " + r.err());
    }
  }

  /**
   * Main turns picocli's optional converters off (java.time, java.sql, java.nio.file.Path); an option of such a type
   * would then fail at parse time, so none may have one (Path has keras-init's own converter).
   */
  @Test
  void noOptionNeedsAConverterThatMainTurnsOff() {
    CommandLine cli = Main.commandLine();
    List<CommandLine> commands = new java.util.ArrayList<>(List.of(cli));
    commands.addAll(cli.getSubcommands().values());
    int checked = 0;
    for (CommandLine command : commands) {
      for (CommandLine.Model.ArgSpec arg : command.getCommandSpec().args()) {
        for (Class<?> type : arg.auxiliaryTypes()) {
          String name = type.getName();
          assertFalse(name.startsWith("java.time.") || name.startsWith("java.sql."), command.getCommandName() + " "
              + arg + ": " + name + " has no converter once Main excludes picocli's optional ones");
          checked++;
        }
      }
    }
    assertTrue(checked > 50, "only " + checked + " option types seen");
  }

  /** Keras 3.15.1: keras.utils.set_random_seed(-1) and (2**32) raise "Seed must be between 0 and 2**32 - 1". */
  @ParameterizedTest
  @ValueSource(strings = {"-1", "4294967296", "99999999999999999999", "x"})
  void aSeedSetRandomSeedRefusesIsAUsageError(String seed) {
    assertUsageError(CliRun.of("materialize", "models/mlp.json", "--seed", seed), "--seed", seed, "4294967295");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3,,4", "3,4,", ",3", ",", "3,x"})
  void aShapeWithAnEmptyOrNonIntegerDimIsRefusedNamingIt(String shape) throws Exception {
    Path out = dir.resolve("w.npy");
    CliRun r = CliRun.of("sample", "--config", "zeros", "--shape", shape, "--out", out.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("keras-init: error: --shape \"" + shape + "\": ")
        && r.err().contains(shape.endsWith("x") ? "\"x\" is not an integer" : "an empty dimension"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void shapesWithSpacesAndTheScalarAreRead() throws Exception {
    for (String shape : List.of(" 3, 4", "")) {
      Path out = dir.resolve("s" + shape.length() + ".npy");
      CliRun r = CliRun.of("sample", "--config", "ones", "--shape", shape, "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      try (InputStream in = Files.newInputStream(out)) {
        assertArrayEquals(shape.isEmpty() ? new long[0] : new long[] {3, 4}, Npy.read(in).shape);
      }
    }
  }

  @Test
  void benchNamesThatMatchNoCaseOrModelAreRefusedListingTheKnownOnes() {
    CliRun r = CliRun.of("bench", "--cases", "nonexistent,RandomNormal/float32/2^24");
    assertUsageError(r, "--cases: no such case nonexistent; known: RandomNormal/float32/2^24,",
        "Orthogonal/float32/4096^2");
    assertEquals("", r.out());
    assertUsageError(CliRun.of("bench", "--cases=", "--models", "resnet5"), "--models: no such model resnet5; known: ",
        "resnet50", "wide_mlp");
  }

  @Test
  void benchIterationsOutOfRangeAreAUsageErrorNamingTheValue() {
    assertUsageError(CliRun.of("bench", "--cases=", "--models=", "--iterations", "-1"), "--iterations must be 1..1000,"
        + " got -1");
    assertUsageError(CliRun.of("bench", "--cases=", "--models=", "--iterations", "0"), "got 0");
  }

  /** --python-seed is documented as keras.utils.set_random_seed(N), which takes 0..2^32-1 only. */
  @ParameterizedTest
  @ValueSource(strings = {"-5", "4294967296", "18446744073709551617"})
  void samplePythonSeedTakesWhatSetRandomSeedTakes(String seed) {
    assertUsageError(CliRun.of("sample", "--config", "he_normal", "--shape", "3", "--python-seed", seed, "--out",
        dir.resolve("s.npy").toString()), "--python-seed", "\"" + seed + "\": expected an integer from 0 to 4294967295");
    assertFalse(Files.exists(dir.resolve("s.npy")));
    assertEquals(0, CliRun.of("sample", "--config", "he_normal", "--shape", "3", "--python-seed", "4294967295",
        "--out", dir.resolve("t.npy").toString()).code());
  }

  /** Path.of("") is the working directory: an empty --out or --out-dir must not write into it. */
  @Test
  void anEmptyPathIsAUsageError() {
    assertUsageError(CliRun.of("materialize", "models/mlp.json", "--out", ""), "--out", "\"\" is no file name");
    assertUsageError(CliRun.of("materialize", "models/mlp.json", "--out-dir", ""), "--out-dir",
        "\"\" is no file name");
    assertUsageError(CliRun.of("materialize", ""), "\"\" is no file name");
  }

  /** Path.of drops a trailing slash; the system does not: "x/" names a directory, never a file named x. */
  @Test
  void aTrailingSlashNamesADirectory() {
    Path out = dir.resolve("newdir");
    assertUsageError(CliRun.of("materialize", "models/mlp.json", "--out", out + "/"), "--out", out + "/\" ends in /");
    assertUsageError(CliRun.of("sample", "--config", "zeros", "--shape", "2", "--out", out + "/"), out + "/\" ends in /");
    assertFalse(Files.exists(out));
    assertUsageError(CliRun.of("materialize", "models/mlp.json/"), "\"models/mlp.json/\": Not a directory");
    assertUsageError(CliRun.of("compare", "models/mlp.keras/", "models/mlp.keras"), "Not a directory");
    CliRun r = CliRun.of("materialize", "models/mlp.json", "--out-dir", out + "/");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("mlp.npz")));
  }

  /** picocli's "is not a double" names a Java type; the user reads what the option takes. */
  @Test
  void aNumberThatDoesNotConvertIsNamedInTheUsersTerms() {
    assertUsageError(CliRun.of("report", "--learning-rate", "0,5"), "'0,5' is not a number (such as 0.5 or 1e-3, with"
        + " a decimal point)");
    assertUsageError(CliRun.of("report", "--depth", "x"), "'x' is not an integer from -2^31 to 2^31 - 1");
    assertUsageError(CliRun.of("report", "--seed", "99999999999999999999"), "is not an integer from -2^63 to 2^63 - 1");
  }

  @Test
  void aDtypeOptionListsOnlyTheDtypesItTakes() {
    for (String dtype : List.of("foo", "int32")) {
      CliRun r = CliRun.of("materialize", "models/mlp.json", "--dtype", dtype);
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().strip().endsWith("--dtype \"" + dtype + "\": expected float16, bfloat16, float32 or float64"),
          r.err());
    }
    CliRun r = CliRun.of("report", "--dtype", "float16");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().strip().endsWith("--dtype \"float16\": expected float32 or float64"), r.err());
  }

  /** A failure that is not a KerasInitException is our bug: one line that says so, never a Java class name. */
  @Test
  void anUnexpectedFailureNamesNoJavaException() {
    @picocli.CommandLine.Command(name = "boom")
    final class Boom implements java.util.concurrent.Callable<Integer> {
      @Override
      public Integer call() {
        throw new IllegalStateException("measurement iterations (-1) should be positive");
      }
    }
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.execute(new java.io.PrintWriter(err, true), new CommandLine(new Main()).addSubcommand(new Boom()),
        "boom");
    assertEquals(1, code);
    assertEquals("keras-init: error: unexpected failure: measurement iterations (-1) should be positive (a keras-init"
        + " bug: --verbose shows where; please report it)", err.toString().strip());
  }

  @Test
  void everyCommandPrintsTheVersion() {
    String version = CliRun.of("--version").out();
    assertTrue(version.startsWith("keras-init 0.1.0 (Keras 3.15.1"), version);
    for (String command : Main.commandLine().getSubcommands().keySet()) {
      if (!command.equals("help")) {
        CliRun r = CliRun.of(command, "--version");
        assertEquals(0, r.code(), command + ": " + r.err());
        assertEquals(version, r.out(), command);
      }
    }
  }

  /** A run builds only the subcommand it runs (picocli's reflection over all of them cost every start), unchanged. */
  @Test
  void aRunBuildsOnlyItsOwnSubcommandWithTheSameOptionsAndHelp() {
    CommandLine all = Main.commandLine();
    for (String command : all.getSubcommands().keySet()) {
      CommandLine one = Main.commandLine("--verbose", command, "--help");
      if (command.equals("help")) {
        assertEquals(all.getSubcommands().keySet(), one.getSubcommands().keySet());
        continue;
      }
      assertEquals(List.of(command), List.copyOf(one.getSubcommands().keySet()), command);
      assertEquals(all.getSubcommands().get(command).getUsageMessage(),
          one.getSubcommands().get(command).getUsageMessage(), command);
    }
    assertEquals(all.getSubcommands().keySet(), Main.commandLine("--", "materialize").getSubcommands().keySet());
    assertEquals(all.getSubcommands().keySet(), Main.commandLine("materialze").getSubcommands().keySet());
    assertEquals(all.getSubcommands().keySet(), Main.commandLine("--verbose").getSubcommands().keySet());
  }

  /** The command list shows each command's first description line: a whole sentence, on one line of the help. */
  @Test
  void theTopLevelHelpListsEachCommandWithOneWholeSentence() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    List<String> commands = lines.subList(lines.indexOf("Commands:") + 1, lines.size());
    assertEquals(Main.commandLine().getSubcommands().size(), commands.size(), r.out());
    for (String line : commands) {
      assertTrue(line.matches("  [a-z]+ +[A-Z].*\\.") && line.length() <= 80, line);
    }
  }

  @Test
  void theLargestSeedIsAccepted() {
    CliRun r = CliRun.of("materialize", "models/mlp.json", "--seed", "4294967295", "--format", "json");
    assertEquals(0, r.code(), r.err());
  }
}
