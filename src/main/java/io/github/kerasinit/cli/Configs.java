package io.github.kerasinit.cli;

import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.InputFiles;
import io.github.kerasinit.model.ModelFiles;
import io.github.kerasinit.io.Utf8;
import java.nio.file.Path;

/** Reads an initializer identifier from the command line: a bare name, JSON text, or {@code @file}. */
final class Configs {
  private Configs() {}

  static Object parseIdentifier(String text) {
    String t = text.trim();
    if (t.startsWith("@")) {
      Path file = PathArguments.of(t.substring(1), "@file");
      t = Utf8.decode(InputFiles.readAll(file, ModelFiles.MAX_CONFIG_BYTES, "@file"), file.toString()).trim();
    }
    if (t.startsWith("{") || t.startsWith("\"") || t.startsWith("[")) {
      return KerasJson.parse(t, "--config");
    }
    return t;
  }
}
