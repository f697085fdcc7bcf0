package io.github.kerasinit.report;

import io.github.kerasinit.io.OutputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's files: activation std, gradient std and loss charts (XChart, log scale, PNG and SVG), a CSV of every
 * number, and an HTML page that shows the charts and the summary.
 *
 * <p>A log axis cannot show 0, inf or NaN: such points are left out, and the chart's legend says so for a series
 * that has none left (zeros: every activation is 0).
 */
public final class ReportCharts {
  /** Tableau's 10 colors, in the order of the initializers. */
  private static final java.awt.Color[] PALETTE = {new java.awt.Color(0x4E79A7), new java.awt.Color(0xF28E2B),
      new java.awt.Color(0xE15759), new java.awt.Color(0x76B7B2), new java.awt.Color(0x59A14F),
      new java.awt.Color(0xEDC948), new java.awt.Color(0xB07AA1), new java.awt.Color(0xFF9DA7),
      new java.awt.Color(0x9C755F), new java.awt.Color(0xBAB0AC)};

  private ReportCharts() {}

  /**
   * Writes everything into {@code dir}, all files or none ({@link OutputFiles.Batch}: a full disk at the fourth file
   * leaves an earlier report whole); returns the files written.
   */
  public static List<Path> write(Path dir, String title, List<SignalResult> results) {
    System.setProperty("java.awt.headless", "true"); // charts are drawn off screen, also where there is a display
    // ImageIO would buffer each PNG in a file of its own in java.io.tmpdir, closed by a JVM exit hook that printed a
    // NullPointerException trace at exit when the disk was full: a chart's bytes are small, memory holds them
    javax.imageio.ImageIO.setUseCache(false);
    List<Path> written = new ArrayList<>();
    XYChart activations = byLayer("Activation std by layer", "std of the layer's outputs", results,
        LayerSignal::activationStd);
    XYChart gradients = byLayer("Gradient std by layer", "std of d loss / d layer output", results,
        LayerSignal::gradientStd);
    boolean trained = results.get(0).losses().length > 1;
    try (OutputFiles.Batch batch = new OutputFiles.Batch()) {
      written.addAll(save(batch, dir, "activation-std", activations));
      written.addAll(save(batch, dir, "gradient-std", gradients));
      if (trained) {
        written.addAll(save(batch, dir, "loss", loss(results)));
      }
      Path csv = dir.resolve("report.csv");
      batch.write(csv, List.of(), out -> out.write(csv(results).getBytes(StandardCharsets.UTF_8)), false);
      written.add(csv);
      Path html = dir.resolve("report.html");
      batch.write(html, List.of(), out -> out.write(html(title, results, trained).getBytes(StandardCharsets.UTF_8)),
          false);
      written.add(html);
      batch.commit();
    }
    return written;
  }

  private static List<Path> save(OutputFiles.Batch batch, Path dir, String name, XYChart chart) {
    Path png = dir.resolve(name + ".png");
    Path svg = dir.resolve(name + ".svg");
    // encoded in memory (a chart is a few hundred KB), then written: the encoders wrap a failed write in their own
    // messages ("I/O error writing PNG file!", a SAXException's text) and hide the system's reason
    byte[] pngBytes = encode(out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    byte[] svgBytes = encode(out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
        VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    batch.write(png, List.of(), out -> out.write(pngBytes), false);
    batch.write(svg, List.of(), out -> out.write(svgBytes), false);
    return List.of(png, svg);
  }

  private static byte[] encode(OutputFiles.Writer encoder) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1 << 18);
    try {
      encoder.write(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // memory does not fail a write: an encoder's own bug
    }
    return bytes.toByteArray();
  }

  private static XYChart byLayer(String title, String yTitle, List<SignalResult> results,
      ToDoubleFunction<LayerSignal> metric) {
    XYChart chart = newChart(title, "hidden layer", yTitle);
    List<String> undrawn = new ArrayList<>();
    for (int k = 0; k < results.size(); k++) {
      SignalResult r = results.get(k);
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < r.layers().size(); i++) {
        double v = metric.applyAsDouble(r.layers().get(i));
        if (v > 0 && Double.isFinite(v)) {
          x.add(i + 1.0);
          y.add(v);
        }
      }
      addSeries(chart, r.initializer(), k, x, y, r.layers().size(), undrawn);
    }
    noteUndrawn(chart, undrawn);
    return chart;
  }

  private static XYChart loss(List<SignalResult> results) {
    XYChart chart = newChart("Training loss (full-batch SGD, random linear teacher)", "step", "loss");
    List<String> undrawn = new ArrayList<>();
    for (int k = 0; k < results.size(); k++) {
      SignalResult r = results.get(k);
      double[] losses = r.losses();
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < losses.length; i++) {
        if (losses[i] > 0 && Double.isFinite(losses[i])) {
          x.add((double) i);
          y.add(losses[i]);
        }
      }
      addSeries(chart, r.initializer(), k, x, y, losses.length, undrawn);
    }
    noteUndrawn(chart, undrawn);
    return chart;
  }

  private static XYChart newChart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    // log10 of the values on a linear axis, labelled as powers of ten: XChart's own log axis labels every decade,
    // and 40 decades (ReLU with N(0, 1) weights) print over each other
    chart.getStyler().setyAxisTickLabelsFormattingFunction(ReportCharts::powerOfTen);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    return chart;
  }

  /** A series of the drawable points; a series with none is named in the title instead (a log axis has no 0). */
  private static void addSeries(XYChart chart, String name, int index, List<Double> x, List<Double> y, int total,
      List<String> undrawn) {
    if (x.isEmpty()) {
      undrawn.add(name);
      return;
    }
    String label = x.size() == total ? name : name + " (" + (total - x.size()) + " points 0/inf/NaN, not drawn)";
    XYSeries series = chart.addSeries(label, x, y.stream().map(Math::log10).toList());
    series.setMarker(SeriesMarkers.CIRCLE);
    // one color per initializer in every chart, also when another one is missing from a chart
    series.setLineColor(PALETTE[index % PALETTE.length]);
    series.setMarkerColor(PALETTE[index % PALETTE.length]);
  }

  private static void noteUndrawn(XYChart chart, List<String> undrawn) {
    if (!undrawn.isEmpty()) {
      chart.setTitle(chart.getTitle() + "  [not drawn, 0/inf/NaN everywhere: " + String.join(", ", undrawn) + "]");
    }
  }

  /** A tick at log10 value {@code e}: "1e-12" at whole decades, the value itself between them. */
  static String powerOfTen(double e) {
    long decade = Math.round(e);
    if (Math.abs(e - decade) < 1e-9) {
      return decade == 0 ? "1" : "1e" + decade;
    }
    return String.format(Locale.ROOT, "%.2g", Math.pow(10, e));
  }

  static String csv(List<SignalResult> results) {
    StringBuilder sb = new StringBuilder("initializer,layer,index,activation_std,gradient_std,weight_gradient_std,"
        + "twin_fraction\n");
    for (SignalResult r : results) {
      for (int i = 0; i < r.layers().size(); i++) {
        LayerSignal l = r.layers().get(i);
        sb.append(String.format(Locale.ROOT, "\"%s\",%s,%d,%s,%s,%s,%s%n", r.initializer().replace("\"", "\"\""),
            l.layer(), i + 1, l.activationStd(), l.gradientStd(), l.weightGradientStd(), l.symmetricFraction()));
      }
    }
    sb.append("\ninitializer,step,loss\n");
    for (SignalResult r : results) {
      double[] losses = r.losses();
      for (int i = 0; i < losses.length; i++) {
        sb.append(String.format(Locale.ROOT, "\"%s\",%d,%s%n", r.initializer().replace("\"", "\"\""), i, losses[i]));
      }
    }
    return sb.toString();
  }

  static String html(String title, List<SignalResult> results, boolean trained) {
    StringBuilder sb = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>keras-init"
        + " signal report</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}"
        + "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}"
        + "td:first-child,th:first-child{text-align:left}</style></head><body>\n");
    sb.append("<h1>Signal propagation</h1>\n<p>").append(escape(title)).append("</p>\n");
    sb.append("<table><tr><th>initializer</th><th>activation std last/first</th><th>gradient std first/last</th>"
        + "<th>twin units (min over layers)</th>").append(trained ? "<th>loss at start</th><th>loss at end</th>" : "")
        .append("</tr>\n");
    for (SignalResult r : results) {
      double[] losses = r.losses();
      sb.append("<tr><td>").append(escape(r.initializer())).append("</td><td>")
          .append(ReportTables.activationRatio(r)).append("</td><td>")
          .append(ReportTables.gradientRatio(r)).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.0f%%", 100 * r.minSymmetricFraction())).append("</td>");
      if (trained) {
        sb.append("<td>").append(ReportTables.number(losses[0])).append("</td><td>")
            .append(ReportTables.number(losses[losses.length - 1])).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n<p><img src=\"activation-std.svg\" alt=\"activation std by layer\"></p>\n"
        + "<p><img src=\"gradient-std.svg\" alt=\"gradient std by layer\"></p>\n");
    if (trained) {
      sb.append("<p><img src=\"loss.svg\" alt=\"training loss\"></p>\n");
    }
    sb.append("<p>Every number: <a href=\"report.csv\">report.csv</a></p>\n</body></html>\n");
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
