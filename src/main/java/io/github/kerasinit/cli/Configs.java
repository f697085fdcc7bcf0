package io.github.kerasinit.cli;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.InputFiles;
import io.github.kerasinit.model.ModelFiles;
import io.github.kerasinit.io.Utf8;
import java.nio.file.Path;

/** Reads an initializer identifier from the command line: a bare name, JSON text, or {@code @file}. */
final class Configs {
  private Configs() {}

  /**
   * JSON text (whitespace around it is JSON's own), an {@code @file} (its text trimmed: a file ends in a newline), or
   * a bare name exactly as given: Keras refuses "he_normal " ("Could not interpret initializer identifier"), and so
   * does the registry, rather than take it for he_normal.
   */
  static Object parseIdentifier(String text) {
    String t = text.trim();
    if (t.startsWith("@")) {
      Path file = PathArguments.of(t.substring(1), "@file");
      t = Utf8.decode(InputFiles.readAll(file, ModelFiles.MAX_CONFIG_BYTES, "@file"), file.toString()).trim();
    } else if (!isJson(t)) {
      return text;
    }
    return isJson(t) ? KerasJson.parse(t, "--config") : t;
  }

  private static boolean isJson(String trimmed) {
    return trimmed.startsWith("{") || trimmed.startsWith("\"") || trimmed.startsWith("[");
  }
}
