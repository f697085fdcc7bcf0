package io.github.kerasinit.cli;

import io.github.kerasinit.io.StoredWeights;
import io.github.kerasinit.io.WeightsDiff;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.WeightsFileLayout;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keras-init compare A B}: two weights files, weight by weight. */
@Command(name = CompareCommand.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Compares two weights files (.npz, .weights.h5, .h5) by weight.",
        "The files may be written by anyone: Keras, tf.keras, numpy, keras-init.",
        "Weights are matched by key: a .npz's and a legacy .h5's key is the Keras weight path (dense/kernel), a"
            + " .weights.h5's its dataset path (layers/dense/vars/0), or with --model the weight path that model"
            + " gives it. Prints a row per weight (dtypes, shapes, max abs difference, bit-equal) and a summary.",
        "Exit status, as cmp and diff: 0 the files hold the same weights bit for bit, 1 they differ, 2 trouble"
            + " (a usage error, a file that cannot be read)."})
final class CompareCommand implements Callable<Integer> {
  static final String NAME = "compare";

  /** Differences found: the files are fine but not equal. */
  static final int DIFFERENT = 1;
  /** Every failure of this command, as cmp and diff report trouble. */
  static final int TROUBLE = 2;

  @Parameters(index = "0", paramLabel = "A", description = "A weights file.")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "Another weights file.")
  Path b;

  @Option(names = "--model", paramLabel = "MODEL", description = "The model both files are for (.json, .keras,"
      + " a model directory, .h5): a .weights.h5's datasets are then keyed by Keras weight path, so it compares with a .npz or legacy"
      + " .h5.")
  Path model;

  @Option(names = "--differences-only", description = "Print only the weights that differ.")
  boolean differencesOnly;

  @Override
  public Integer call() {
    StoredWeights first = StoredWeights.read(a);
    StoredWeights second = StoredWeights.read(b);
    if (model != null) {
      Map<String, String> paths = keras3Paths(KerasModel.load(model));
      first = first.layout() == StoredWeights.Layout.KERAS3 ? first.rekeyed(paths) : first;
      second = second.layout() == StoredWeights.Layout.KERAS3 ? second.rekeyed(paths) : second;
    }
    WeightsDiff diff = WeightsDiff.compare(first, second);
    print(System.out, first, second, diff);
    if (diff.count("only in A") == first.entries().size() && !first.entries().isEmpty()
        && (first.layout() == StoredWeights.Layout.KERAS3) != (second.layout() == StoredWeights.Layout.KERAS3)) {
      System.err.println("keras-init: note: no key in common: a .weights.h5 is keyed by dataset path"
          + " (layers/dense/vars/0); pass --model MODEL to key it by Keras weight path");
    }
    return diff.identical() ? 0 : DIFFERENT;
  }

  /** A .weights.h5 dataset path to the Keras weight path of the weight it holds (first copy of each weight). */
  private static Map<String, String> keras3Paths(KerasModel keras) {
    Map<String, String> out = new HashMap<>();
    for (WeightsFileLayout.Dataset d : WeightsFileLayout.keras3(keras).datasets()) {
      if (!out.containsValue(d.spec().path())) {
        out.put(d.path(), d.spec().path());
      }
    }
    return out;
  }

  private void print(PrintStream o, StoredWeights x, StoredWeights y, WeightsDiff diff) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"key", "dtype A", "dtype B", "shape A", "shape B", "max abs diff", "verdict"});
    for (WeightsDiff.Row r : diff.rows()) {
      if (differencesOnly && r.verdict().equals("bit-equal")) {
        continue;
      }
      cells.add(new String[] {r.key, r.a == null ? "-" : r.a.dtype().kerasName(),
          r.b == null ? "-" : r.b.dtype().kerasName(), r.a == null ? "-" : Arrays.toString(r.a.shape()),
          r.b == null ? "-" : Arrays.toString(r.b.shape()),
          Double.isNaN(r.maxAbsDifference) ? "-" : String.format(Locale.ROOT, "%.6g", r.maxAbsDifference),
          r.verdict()});
    }
    int[] width = new int[7];
    for (String[] c : cells) {
      for (int i = 0; i < 7; i++) {
        width[i] = Math.max(width[i], c[i].length());
      }
    }
    if (cells.size() > 1) {
      for (String[] c : cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 7; i++) {
          sb.append(String.format(Locale.ROOT, "%-" + width[i] + "s", c[i])).append(i < 6 ? "  " : "");
        }
        o.println(sb.toString().stripTrailing());
      }
    }
    o.printf(Locale.ROOT, "A %s (%s): %d weights; B %s (%s): %d weights; %d bit-equal, %d values differ,"
        + " %d dtype or shape differ, %d only in A, %d only in B: %s%n", x.file(), x.layout(), x.entries().size(),
        y.file(), y.layout(), y.entries().size(), diff.count("bit-equal"), diff.count("values differ"),
        diff.count("dtype differs") + diff.count("shape differs"), diff.count("only in A"), diff.count("only in B"),
        diff.identical() ? "identical" : "DIFFERENT");
  }
}
