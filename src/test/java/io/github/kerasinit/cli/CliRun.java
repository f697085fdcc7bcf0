package io.github.kerasinit.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** A CLI run inside the test JVM: exit code, what went to stdout, and the error stream. */
record CliRun(int code, String out, String err) {
  /** Synchronized: System.out is swapped for the run, and tests of several classes may run in one JVM. */
  static synchronized CliRun of(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = Main.execute(new PrintWriter(err, true), args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(saved);
    }
  }
}
