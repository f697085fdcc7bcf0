package io.github.kerasinit.cli;

import io.github.kerasinit.KerasInitException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  /**
   * For picocli: every Path option and parameter. Path.of drops a trailing slash, which the system does not: "x.npz/"
   * names a directory, and a file there is refused as the system refuses it ("Not a directory"), not read or written
   * under the name without the slash.
   */
  static Path convert(String text) {
    if (text.isEmpty()) { // Path.of("") is the working directory: --out "" would write "" as a directory's name
      throw new CommandLine.TypeConversionException("\"\" is no file name; give a path");
    }
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException(message(text, e));
    }
    if (namesADirectory(text) && Files.exists(path) && !Files.isDirectory(path)) {
      throw new CommandLine.TypeConversionException("\"" + text + "\": Not a directory (a path that ends in / names"
          + " a directory; " + path + " is a file)");
    }
    return path;
  }

  /** For picocli: a file to write ({@code --out}): a trailing slash, which names a directory, is refused. */
  static final class FileName implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String text) {
      if (namesADirectory(text)) {
        throw new CommandLine.TypeConversionException("\"" + text + "\" ends in /, which names a directory; give a"
            + " file name");
      }
      return PathArguments.convert(text);
    }
  }

  private static boolean namesADirectory(String text) {
    return text.length() > 1 && text.endsWith("/");
  }

  /** A path in a value ({@code @file}); {@code what} names where it came from. */
  static Path of(String text, String what) {
    try {
      return convert(text);
    } catch (CommandLine.TypeConversionException e) {
      throw new KerasInitException(what + ": " + e.getMessage());
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
