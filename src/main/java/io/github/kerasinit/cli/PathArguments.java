package io.github.kerasinit.cli;

import io.github.kerasinit.KerasInitException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * File names from the command line. The JVM decodes arguments and file names in the charset of the C library's
 * locale ({@code sun.jnu.encoding}): under {@code LC_ALL=C} that is ASCII, a non-ASCII name arrives as replacement
 * characters and no such path exists; the error says so and how to run instead.
 */
final class PathArguments {
  private PathArguments() {}

  /** For picocli: every Path option and parameter. */
  static Path convert(String text) {
    if (text.isEmpty()) { // Path.of("") is the working directory: --out "" would write "" as a directory's name
      throw new CommandLine.TypeConversionException("\"\" is no file name; give a path");
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException(message(text, e));
    }
  }

  /** A path in a value ({@code @file}); {@code what} names where it came from. */
  static Path of(String text, String what) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new KerasInitException(what + ": " + message(text, e));
    }
  }

  private static String message(String text, InvalidPathException e) {
    String names = System.getProperty("sun.jnu.encoding", "");
    boolean unicodeNames = Charset.isSupported(names) && Charset.forName(names).equals(StandardCharsets.UTF_8);
    if (!unicodeNames && text.chars().anyMatch(c -> c > 0x7f)) {
      return "\"" + text + "\" cannot be a file name here: Java reads file names in this locale's charset, " + names
          + ", which has no characters beyond ASCII (LC_ALL, LC_CTYPE or LANG is C or POSIX?); run keras-init under"
          + " a UTF-8 locale, e.g. LC_ALL=C.UTF-8";
    }
    return "\"" + text + "\" is not a valid file name: " + e.getReason();
  }
}
