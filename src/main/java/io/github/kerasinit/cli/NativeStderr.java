package io.github.kerasinit.cli;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.regex.Pattern;

/**
 * TensorFlow's native start-up chatter kept off a normal run. TF logs some lines through absl before anything calls
 * {@code absl::InitializeLog()} ("All log messages before absl::InitializeLog() is called are written to STDERR",
 * "I0000 ... MLIR V1 optimization pass is not enabled"), and absl reads no environment variable, so
 * {@code TF_CPP_MIN_LOG_LEVEL} does not reach them. The launcher therefore gives the JVM an unlinked temporary file as
 * its stderr (fd 2, where native code writes) and the terminal's stderr as another descriptor; keras-init's own
 * messages go to the latter at once, and at exit the native lines are replayed there, less absl's INFO lines and that
 * notice, as {@code TF_CPP_MIN_LOG_LEVEL=2} drops TF's own INFO lines. Warnings and errors come through. A native
 * crash loses its lines (the JVM's hs_err file remains); {@code --verbose} runs with stderr untouched.
 */
final class NativeStderr {
  /** The system property, set by the launcher, that names the descriptor of the real stderr. */
  static final String PROPERTY = "kerasinit.stderrFd";
  /**
   * absl's INFO line: "I0000 00:00:1796179651.391578   10515 file.cc:401] text" (and tsl's own INFO format);
   * compiled when a native line comes (at every start it cost about 6 ms of CPU, and most runs have no such line).
   */
  private static final class InfoLine {
    static final Pattern PATTERN = Pattern.compile("^I\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ \\S+:\\d+\\] .*");
  }

  private static final String ABSL_NOTICE =
      "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";

  private NativeStderr() {}

  /** Sends System.err to descriptor {@code fd} and replays the native stderr's lines there at exit. */
  static void install(String fd) {
    PrintStream real;
    try {
      // append: opening /dev/fd/N reopens a regular file behind it, and without O_APPEND that open truncated it
      // (`script > log 2>&1` lost everything before each keras-init run, the next writes leaving a hole of NULs)
      real = new PrintStream(new FileOutputStream("/dev/fd/" + Integer.parseInt(fd), true), true,
          Charset.defaultCharset().name());
    } catch (IOException | NumberFormatException e) {
      return; // no such descriptor: stderr stays as it is, chatter included
    }
    System.setErr(real);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> replay(real), "keras-init native stderr"));
  }

  /** Whether a native stderr line is start-up chatter rather than something the user should see. */
  static boolean isChatter(String line) {
    return line.equals(ABSL_NOTICE) || InfoLine.PATTERN.matcher(line).matches();
  }

  private static void replay(OutputStream real) {
    // /dev/fd/2 reopens the unlinked file from its start (Linux), or shares fd 2's offset (BSD), hence position(0)
    try (FileInputStream in = new FileInputStream("/dev/fd/2")) {
      in.getChannel().position(0);
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
      PrintStream out = new PrintStream(real, true, Charset.defaultCharset().name());
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!isChatter(line)) {
          out.println(line);
        }
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      // the native lines cannot be read back: nothing else to do at exit
    }
  }
}
