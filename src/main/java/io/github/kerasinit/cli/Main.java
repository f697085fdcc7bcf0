package io.github.kerasinit.cli;

import io.github.kerasinit.JvmOptions;
import io.github.kerasinit.KerasInitException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code keras-init}: the command-line tool. Every error is one line on stderr; exit code 2 for usage errors, 1 for
 * bad input or a failed job; {@code --verbose} adds the stack trace.
 */
@Command(name = "keras-init", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Keras 3 initializers on TensorFlow Java, bit-exact with Python Keras.")
public final class Main implements Runnable {
  private static final String HELP = "help";
  /**
   * picocli's regular expressions of the types whose built-in converters it does not register. Without one it loads
   * 19 java.time and java.sql classes, and looks up their parse methods, at every start (17 ms less of the process's
   * CPU without them, measured, while TF loads on the other core); no keras-init option has such a type
   * ({@code CliOptionsTest} checks), and the one other optional converter, Path's, is ours ({@link PathConverter}).
   * Set by {@link #main} when unset.
   */
  private static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";

  /**
   * The subcommands by name, in the order the help lists them. picocli reflects over a command's annotations when it
   * is added, all of them about 25 ms of CPU at every start while TensorFlow loads on the other core, so a run adds
   * only the one it runs ({@link #commandLine(String...)}).
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put(MaterializeCommand.NAME, MaterializeCommand.class);
    commands.put(SampleCommand.NAME, SampleCommand.class);
    commands.put(ConfigCommand.NAME, ConfigCommand.class);
    commands.put(BenchCommand.NAME, BenchCommand.class);
    commands.put(DoctorCommand.NAME, DoctorCommand.class);
    commands.put(ReportCommand.NAME, ReportCommand.class);
    commands.put(CompareCommand.NAME, CompareCommand.class);
    commands.put(HELP, CommandLine.HelpCommand.class);
    return commands;
  }

  /** What every command prints for --version: picocli does not pass a command's version on to its subcommands. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"keras-init 0.1.0 (Keras 3.15.1 semantics, TF-Java 1.1.0)"};
    }
  }

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors,"
      + " and TensorFlow's native log lines as they come.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "missing command");
  }

  public static void main(String[] args) {
    // JavaCPP refuses native allocations once the process's resident memory passes a multiple of -Xmx; the weights
    // are TF's native memory, not heap, so a small -Xmx failed on ResNet50. Tensors are checked against physical
    // memory instead (Shapes.maxTensorBytes()). An explicit -D setting still wins.
    if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null
        && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
      System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    }
    TensorFlowWarmUp warmUp = TensorFlowWarmUp.startFor(args); // first: TF's load is the longest path
    if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
      System.setProperty(PICOCLI_CONVERTER_EXCLUDES, ".*");
    }
    String stderrFd = System.getProperty(NativeStderr.PROPERTY);
    if (stderrFd != null) {
      NativeStderr.install(stderrFd); // before anything else captures System.err
    }
    warmUp.prepareMainThread();
    int code = execute(args);
    warmUp.await();
    System.exit(code);
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(String... args) {
    // the platform charset, as System.err itself encodes: the terminal's
    return execute(new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true), args);
  }

  /** Runs the CLI with errors going to {@code err} (for tests). */
  public static int execute(PrintWriter errors, String... args) {
    return execute(errors, commandLine(args), args);
  }

  /** keras-init with every subcommand. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (Map.Entry<String, Class<?>> command : SUBCOMMANDS.entrySet()) {
      cli.addSubcommand(command.getKey(), command.getValue());
    }
    return cli;
  }

  /**
   * keras-init with the subcommand {@code args} run, or with all of them where the arguments name none of them (the
   * help, picocli's suggestions for a misspelt name, the help command): the same parse and output either way.
   */
  static CommandLine commandLine(String... args) {
    String name = subcommandName(args);
    if (name == null || name.equals(HELP) || !SUBCOMMANDS.containsKey(name)) {
      return commandLine();
    }
    return new CommandLine(new Main()).addSubcommand(name, SUBCOMMANDS.get(name));
  }

  /** The first argument that is not an option (keras-init's own options take no value), or null; none after "--". */
  private static String subcommandName(String... args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return null;
      }
      if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
  }

  /** Runs {@code cli} (a Main, maybe with more subcommands in tests) with keras-init's error handling. */
  static int execute(PrintWriter errors, CommandLine cli, String... args) {
    // "--config @g.json" is ours (Configs reads the file); picocli's own argument files would split its JSON
    // into arguments, so they are off for every command.
    cli.setExpandAtFiles(false);
    cli.registerConverter(java.nio.file.Path.class, new PathConverter());
    cli.setErr(errors);
    cli.setExecutionExceptionHandler(new ExecutionErrors());
    cli.setParameterExceptionHandler(new UsageErrors());
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) { // picocli passes Errors on; they are one line too
      errors.println("keras-init: error: " + oneLine(resourceMessage(e)));
      if (Arrays.asList(args).contains("--verbose")) {
        e.printStackTrace(errors);
      }
      errors.flush();
      return 1;
    }
  }

  // The three handlers below are named classes, not lambdas: picocli's classes are older than class version 50, and
  // a lambda implementing one of their interfaces (or capturing a CommandLine) makes the class archive's dump link
  // them, after which it leaves them out (the dump's "Old class has been linked"); every run then parsed and verified
  // picocli.CommandLine and 34 more of its classes from the jar.

  /** Command-line paths, as {@link PathArguments} reads them. */
  private static final class PathConverter implements CommandLine.ITypeConverter<java.nio.file.Path> {
    @Override
    public java.nio.file.Path convert(String value) {
      return PathArguments.convert(value);
    }
  }

  /** A failed command: one line, the stack trace with --verbose; exit code 1 (compare: 2). */
  private static final class ExecutionErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
      boolean verbose = cmd.getCommandSpec().root().userObject() instanceof Main
          && ((Main) cmd.getCommandSpec().root().userObject()).verbose;
      PrintWriter err = cmd.getErr();
      // anything but a KerasInitException is our bug, not the user's input: say so, without a Java class name
      String message = e instanceof KerasInitException ? e.getMessage()
          : "unexpected failure" + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (a keras-init bug:"
              + " --verbose shows where; please report it)";
      err.println("keras-init: error: " + oneLine(message));
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      // compare reports differences with 1, so its trouble is 2, as cmp's and diff's
      return cmd.getCommandSpec().userObject() instanceof CompareCommand ? CompareCommand.TROUBLE : 1;
    }
  }

  /** A usage error: one line without Java's type names; exit code 2. */
  private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("keras-init: usage error: " + oneLine(withoutJavaTypes(e.getMessage())) + " (see --help)");
      err.flush();
      return 2;
    }
  }

  /** What ran out and what to do; the places that know which weight it was say so themselves (TensorBytes). */
  static String resourceMessage(VirtualMachineError e) {
    long maxHeapMiB = Runtime.getRuntime().maxMemory() >> 20;
    if (e instanceof StackOverflowError) {
      return "stack overflow (an input nested too deeply?); give the JVM a larger stack: KERAS_INIT_JAVA_OPTS=\""
          + JvmOptions.LAUNCHER_DEFAULT + " -Xss16m\"";
    }
    return String.format(Locale.ROOT, "out of memory (%s); this JVM's heap is at most %,d MiB: give it more, e.g."
        + " KERAS_INIT_JAVA_OPTS=\"%s -Xmx%dg\"", e.getMessage(), maxHeapMiB, JvmOptions.LAUNCHER_DEFAULT,
        Math.max(2, 2 * ((maxHeapMiB + 1023) >> 10)));
  }

  /**
   * picocli names the Java type a value did not convert to ("'0,5' is not a double"): said as what the option takes.
   * Numbers are read as Java reads them, independent of the locale: a decimal point, never a comma.
   */
  static String withoutJavaTypes(String message) {
    return message == null ? null : message
        .replace("is not a long", "is not an integer from -2^63 to 2^63 - 1")
        .replaceAll("is not an int\\b", "is not an integer from -2^31 to 2^31 - 1")
        .replace("is not a double", "is not a number (such as 0.5 or 1e-3, with a decimal point)")
        .replace("is not a float", "is not a number (such as 0.5 or 1e-3, with a decimal point)");
  }

  static String oneLine(String message) {
    return message == null ? "(no message)" : message.replace('\n', ' ').replace('\r', ' ');
  }
}
