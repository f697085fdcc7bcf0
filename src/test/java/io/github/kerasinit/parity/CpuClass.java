package io.github.kerasinit.parity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The class of CPU the tests run on, as a psABI level ("x86-64-v4"), for the parity tables: machine-dependent values
 * (MachineBound) come out differently on different classes, so a table says which one produced it.
 */
final class CpuClass {
  private static final List<String> V2 = List.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3");
  private static final List<String> V3 = List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe");
  private static final List<String> V4 = List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");

  private CpuClass() {}

  static String describe() {
    String arch = System.getProperty("os.arch");
    Set<String> flags = flags();
    if (!arch.equals("amd64") && !arch.equals("x86_64") || flags.isEmpty()) {
      return arch;
    }
    String level = !flags.containsAll(V2) ? "x86-64" : !flags.containsAll(V3) ? "x86-64-v2"
        : !flags.containsAll(V4) ? "x86-64-v3" : "x86-64-v4";
    return String.format(Locale.ROOT, "%s (%s)", level, flags.contains("avx512f") ? "AVX-512"
        : flags.contains("avx2") ? "AVX2, no AVX-512" : "no AVX2");
  }

  private static Set<String> flags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture alone
    }
    return Set.of();
  }
}
