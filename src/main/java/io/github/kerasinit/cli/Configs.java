package io.github.kerasinit.cli;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.InputFiles;
import io.github.kerasinit.model.ModelFiles;
import java.nio.file.Path;

/** Reads an initializer identifier from the command line: a bare name, JSON text, or {@code @file}. */
final class Configs {
  private Configs() {}

  static Object parseIdentifier(String text) {
    String t = text.trim();
    if (t.startsWith("@")) {
      Path file = Path.of(t.substring(1));
      t = new String(InputFiles.readAll(file, ModelFiles.MAX_CONFIG_BYTES, "@file"),
          java.nio.charset.StandardCharsets.UTF_8).trim();
    }
    if (t.startsWith("{") || t.startsWith("\"") || t.startsWith("[")) {
      return KerasJson.parse(t, "--config");
    }
    return t;
  }
}
