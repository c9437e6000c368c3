package dev.sluice.autoscaler.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws the timelines of a few policies on one trace as an SVG: lag above (with the trace's
 * threshold dashed), parallelism below, one colour per policy, a tick where a policy rescaled.
 * Plain text output so the benchmark needs no plotting library.
 */
final class TimelinePlot {

  private static final int WIDTH = 900;
  private static final int PANEL = 170;
  private static final int LEFT = 70;
  private static final int TOP = 30;
  private static final int GAP = 40;
  private static final int BUCKETS = 450;
  private static final String[] COLOURS = {"#d95f02", "#1b9e77", "#7570b3", "#e7298a"};

  private TimelinePlot() {}

  static void write(Path file, Trace trace, List<SimulationRun> runs) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, svg(trace, runs));
  }

  static String svg(Trace trace, List<SimulationRun> runs) {
    int length = runs.get(0).timeline().size();
    double maxLag = Math.max(trace.lagThreshold() * 1.2, runs.stream()
        .flatMap(r -> r.timeline().stream()).mapToDouble(SimulationRun.Sample::lag).max().orElse(1));
    int maxParallelism = runs.stream().flatMap(r -> r.timeline().stream())
        .mapToInt(SimulationRun.Sample::parallelism).max().orElse(1) + 1;
    int plotWidth = WIDTH - LEFT - 20;
    int lagBottom = TOP + PANEL;
    int parallelismTop = lagBottom + GAP;
    int parallelismBottom = parallelismTop + PANEL;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d'"
        + " height='%d' font-family='sans-serif' font-size='11'>%n", WIDTH, parallelismBottom + 40));
    svg.append("<rect width='100%' height='100%' fill='white'/>\n");
    svg.append(text(LEFT, 16, trace.name() + ": " + trace.summary(), "bold"));
    frame(svg, lagBottom - PANEL, lagBottom, plotWidth, "lag", maxLag);
    frame(svg, parallelismTop, parallelismBottom, plotWidth, "parallelism", maxParallelism);
    double thresholdY = lagBottom - PANEL * trace.lagThreshold() / maxLag;
    svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f'"
        + " stroke='grey' stroke-dasharray='4 3'/>%n", LEFT, LEFT + plotWidth, thresholdY,
        thresholdY));
    for (int i = 0; i < runs.size(); i++) {
      SimulationRun run = runs.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder lag = new StringBuilder();
      StringBuilder parallelism = new StringBuilder();
      int per = Math.max(1, length / BUCKETS);
      for (int from = 0; from < length; from += per) {
        List<SimulationRun.Sample> bucket =
            run.timeline().subList(from, Math.min(length, from + per));
        double x = LEFT + plotWidth * (double) from / length;
        double peak = bucket.stream().mapToDouble(SimulationRun.Sample::lag).max().orElse(0);
        int highest = bucket.stream().mapToInt(SimulationRun.Sample::parallelism).max().orElse(0);
        lag.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, lagBottom - PANEL * peak / maxLag));
        parallelism.append(String.format(Locale.ROOT, "%.1f,%.1f ", x,
            parallelismBottom - PANEL * (double) highest / maxParallelism));
      }
      svg.append(polyline(lag, colour)).append(polyline(parallelism, colour));
      run.rescales().forEach(rescale -> {
        long second = rescale.at().getEpochSecond() - Simulator.at(0).getEpochSecond();
        double x = LEFT + plotWidth * (double) second / length;
        svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d'"
            + " stroke='%s'/>%n", x, x, parallelismBottom, parallelismBottom + 6, colour));
      });
      svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10'"
          + " fill='%s'/>%n", LEFT + 10 + 160 * i, parallelismBottom + 22, colour));
      svg.append(text(LEFT + 24 + 160 * i, parallelismBottom + 31, run.policy(), "normal"));
    }
    svg.append(text(LEFT + plotWidth - 90, parallelismBottom + 31,
        "time: " + length / 60 + " min", "normal"));
    return svg.append("</svg>\n").toString();
  }

  private static void frame(StringBuilder svg, int top, int bottom, int plotWidth, String label,
      double max) {
    svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d'"
        + " fill='none' stroke='#bbb'/>%n", LEFT, top, plotWidth, bottom - top));
    svg.append(text(4, top + 12, label, "normal"));
    svg.append(text(4, top + 26, String.format(Locale.ROOT, "%.0f", max),
        "normal"));
    svg.append(text(4, bottom, "0", "normal"));
  }

  private static String polyline(StringBuilder points, String colour) {
    return "<polyline fill='none' stroke='" + colour + "' stroke-width='1.2' points='"
        + points.toString().trim() + "'/>\n";
  }

  private static String text(int x, int y, String content, String weight) {
    return String.format(Locale.ROOT, "<text x='%d' y='%d' font-weight='%s'>%s</text>%n", x, y,
        weight, content.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
