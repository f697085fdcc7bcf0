package io.github.kerasinit.cli;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an initializer identifier from the command line: a bare name, JSON text, or {@code @file}. */
final class Configs {
  private Configs() {}

  static Object parseIdentifier(String text) {
    String t = text.trim();
    if (t.startsWith("@")) {
      Path file = Path.of(t.substring(1));
      try {
        t = Files.readString(file).trim();
      } catch (IOException e) {
        throw new KerasInitException("--config: cannot read " + file + ": " + e.getMessage());
      }
    }
    if (t.startsWith("{") || t.startsWith("\"") || t.startsWith("[")) {
      return KerasJson.parse(t, "--config");
    }
    return t;
  }
}
