package io.github.kerasinit.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The report's terminal tables: per-layer activation and gradient std, then a summary per initializer. */
public final class ReportTables {
  private ReportTables() {}

  public static void print(PrintStream out, String title, List<SignalResult> results) {
    out.println(title);
    out.println();
    perLayer(out, "activation std by layer", results, true);
    out.println();
    perLayer(out, "gradient std (d loss / d layer output) by layer", results, false);
    out.println();
    summary(out, results);
  }

  private static void perLayer(PrintStream out, String caption, List<SignalResult> results, boolean activations) {
    out.println(caption + ":");
    int width = Math.min(14, Math.max(10, results.stream().mapToInt(r -> r.initializer().length()).max().orElse(10)));
    String cell = " %" + width + "s";
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-10s", "layer"));
    for (SignalResult r : results) {
      header.append(String.format(Locale.ROOT, cell, shorten(r.initializer(), width)));
    }
    out.println(header);
    int layers = results.get(0).layers().size();
    for (int i = 0; i < layers; i++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-10s",
          shorten(results.get(0).layers().get(i).layer(), 10)));
      for (SignalResult r : results) {
        LayerSignal l = r.layers().get(i);
        row.append(String.format(Locale.ROOT, cell, number(activations ? l.activationStd() : l.gradientStd())));
      }
      out.println(row);
    }
  }

  private static void summary(PrintStream out, List<SignalResult> results) {
    boolean trained = results.get(0).losses().length > 1;
    out.printf(Locale.ROOT, "  %-22s %12s %12s %14s%s%n", "initializer", "act last/1st", "grad 1st/last",
        "twin units", trained ? String.format(Locale.ROOT, " %11s %11s", "loss start",
            "after " + (results.get(0).losses().length - 1)) : "");
    for (SignalResult r : results) {
      double[] losses = r.losses();
      out.printf(Locale.ROOT, "  %-22s %12s %12s %13.0f%%%s%n", shorten(r.initializer(), 22),
          activationRatio(r), gradientRatio(r), 100 * r.minSymmetricFraction(),
          trained ? String.format(Locale.ROOT, " %11s %11s", number(losses[0]), number(losses[losses.length - 1]))
              : "");
    }
    out.println("  (twin units: the smallest share, over the hidden layers, of units identical to another unit of"
        + " their layer in weights, activations and gradients)");
  }

  /** Last/first activation std; "0/0" for a signal that is zero at both ends (NaN is an overflow). */
  static String activationRatio(SignalResult r) {
    return ratio(r.layers().get(r.layers().size() - 1).activationStd(), r.layers().get(0).activationStd());
  }

  /** First/last gradient std, likewise. */
  static String gradientRatio(SignalResult r) {
    return ratio(r.layers().get(0).gradientStd(), r.layers().get(r.layers().size() - 1).gradientStd());
  }

  private static String ratio(double numerator, double denominator) {
    return numerator == 0 && denominator == 0 ? "0/0" : number(numerator / denominator);
  }

  /** 3 significant digits; "overflow" for inf, "NaN" for NaN, "0" for zero. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.2e", v);
  }

  static String shorten(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }
}
