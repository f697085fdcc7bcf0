package io.github.kerasinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages depend one way, top to bottom, as the README's layout says: a class imports only from its own
 * package or from a package on a lower layer. A package cycle (or an import that runs back up) fails here, not in a
 * reviewer's jdeps run.
 */
class PackageLayersTest {
  /** Layer of each package below {@code io.github.kerasinit} ("" is the root): 0 is the top. */
  private static final Map<String, Integer> LAYER = Map.ofEntries(
      Map.entry("cli", 0), Map.entry("spark", 0),
      Map.entry("bench", 1), Map.entry("report", 1),
      Map.entry("model", 2),
      Map.entry("model.layers", 3),
      Map.entry("model.core", 4),
      Map.entry("device", 5),
      Map.entry("config", 6),
      Map.entry("catalog", 7),
      Map.entry("random", 8), Map.entry("window", 8), Map.entry("io", 8),
      Map.entry("tensor", 9),
      Map.entry("", 10),
      Map.entry("text", 11));
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?io\\.github\\.kerasinit\\.((?:[a-z]+\\.)*)[A-Z]", Pattern.MULTILINE);

  @Test
  void importsPointDown() throws IOException {
    Path root = Path.of("src/main/java/io/github/kerasinit");
    TreeSet<String> upward = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String from = root.relativize(file.getParent()).toString().replace('/', '.');
        Integer fromLayer = LAYER.get(from);
        if (fromLayer == null) {
          upward.add(file + ": package \"" + from + "\" has no layer in this test (add it where it belongs)");
          continue;
        }
        Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          String to = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
          Integer toLayer = LAYER.get(to);
          if (!to.equals(from) && (toLayer == null || toLayer <= fromLayer)) {
            upward.add(root.relativize(file) + " imports from \"" + to + "\" (layer " + toLayer + " vs " + fromLayer
                + ")");
          }
        }
      }
    }
    assertEquals(List.of(), List.copyOf(upward));
  }
}
