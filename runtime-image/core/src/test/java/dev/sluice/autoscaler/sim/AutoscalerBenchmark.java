package dev.sluice.autoscaler.sim;

import static dev.sluice.autoscaler.HumanFormat.duration;

import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.HumanFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs every trace under four policies and prints, per trace, how each did against the
 * Flink-defaults policy measured in the same run, the reasons of Sluice's rescales, a verdict per
 * trace and an overall line; writes each trace's timeline (Flink-defaults and Sluice) as an SVG to
 * docs/autoscaler. A benchmark, not a test: nothing here is timed.
 *
 * <p>Run from the repository root: {@code ./mvnw -q -pl runtime-image/core -am test-compile
 * -Pautoscaler-benchmark}
 */
public final class AutoscalerBenchmark {

  /** Sluice's catch-up time comes from this freshness objective on the pipeline's output. */
  static final Duration FRESHNESS_OBJECTIVE = Duration.ofMinutes(5);
  /** KEDA's lagThreshold: 10 seconds of one subtask's work waiting per replica. */
  static final double KEDA_LAG_PER_REPLICA = 10 * Traces.SUBTASK_CAPACITY;
  /** The lag objective in the loop on {@link Traces#failureNearCapacity()}: 99.5 % over 7 days. */
  static final double LAG_OBJECTIVE = 99.5;
  static final String LAG_OBJECTIVE_WINDOW = "7d";
  /** Seconds by which {@link #phases()} delays each trace: one checkpoint interval in steps. */
  static final List<Long> PHASES = List.of(0L, 5L, 10L, 15L, 20L, 25L);
  /** Lag objectives' bounds on diurnal-sine tighter than its 300 000-record threshold. */
  static final List<Long> TIGHTER_BOUNDS = List.of(250_000L, 200_000L, 150_000L);
  private static final String BASELINE = "flink-defaults";
  private static final String AHEAD = "sluice ahead";
  private static final String TIE = "tie";
  private static final String HEADER = "  %-15s %9s %9s %9s %13s %8s %5s %9s %8s %6s";
  private static final String SLO_HEADER = "  %-12s %12s %11s %8s %8s %9s %8s %13s %8s";
  private static final String SLO_ROW = "  %-12s %11.2f%% %10.2f%% %8s %8s %9s %8s %13.0f %8d";
  private static final String ROW = "  %-15s %9s %9s %9.0f %13.0f %8d %5d %9.0f %8s %6s";

  private AutoscalerBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.out.println("recovery: from the disturbance until lag stays under the threshold to the"
        + " end; over thr.: time above it; flaps: reversals within "
        + duration(Scorecard.FLAP_WINDOW) + "; replayed: records re-read after restoring a"
        + " checkpoint; speed-up: flink-defaults' recovery / this one; cost: parallelism-s /"
        + " flink-defaults'. Observations every " + duration(Simulator.REPORT_INTERVAL)
        + " for every policy.");
    System.out.println();
    StringBuilder verdicts = new StringBuilder();
    int won = 0;
    Path plots = plotDirectory();
    for (Trace trace : Traces.all()) {
      List<SimulationRun> runs = policies().stream()
          .map(policy -> Simulator.run(trace, policy.get()))
          .toList();
      List<Scorecard> cards = runs.stream().map(run -> Scorecard.of(trace, run)).toList();
      Scorecard baseline = find(cards, BASELINE);
      System.out.println(trace.name() + ": " + trace.summary() + "; lag threshold "
          + String.format(Locale.ROOT, "%.0f", trace.lagThreshold()) + " records");
      System.out.println(String.format(Locale.ROOT, HEADER,
          "policy", "recovery", "over thr.", "peak lag", "parallelism-s", "rescales", "flaps",
          "replayed", "speed-up", "cost"));
      for (Scorecard card : cards) {
        System.out.println(String.format(Locale.ROOT, ROW,
            card.policy(), recovery(card),
            duration(card.timeOverThreshold()), card.peakLag(), card.parallelismSeconds(),
            card.rescales(), card.flaps(), card.replayed(), speedup(baseline, card),
            String.format(Locale.ROOT, "%.2fx", card.parallelismSeconds()
                / baseline.parallelismSeconds())));
      }
      SimulationRun sluice = run(runs, "sluice");
      System.out.println("  flink-defaults rescales: " + String.join(", ", run(runs, BASELINE)
          .rescales().stream().map(r -> duration(Duration.between(Simulator.at(0), r.at())) + " "
              + r.from() + "→" + r.to()).toList()));
      sluice.decisions().stream().filter(d -> d.decision().targetParallelism() != d.decision().currentParallelism()).forEach(d ->
          System.out.println("  sluice at " + duration(Duration.ofSeconds(d.second())) + ": "
              + d.decision().reason()));
      System.out.println();
      TimelinePlot.write(plots.resolve(trace.name() + ".svg"), trace,
          List.of(run(runs, BASELINE), sluice));
      Scorecard mine = find(cards, "sluice");
      String verdict = verdict(baseline, mine);
      won += verdict.equals(AHEAD) ? 1 : 0;
      verdicts.append(verdictLine(trace, baseline, mine, verdict));
    }
    System.out.print(verdicts);
    System.out.printf(Locale.ROOT, "overall: sluice at least as good as flink-defaults on time over"
        + " threshold and parallelism-s, strictly better on one, without flaps, on %d of %d"
        + " traces%n", won, Traces.all().size());
    Trace control = Traces.noisyPlateauAtItsSize();
    Scorecard controlBaseline = Scorecard.of(control, Simulator.run(control, new FlinkDefaultsPolicy()));
    Scorecard controlSluice = Scorecard.of(control, Simulator.run(control, sluice()));
    System.out.print("control, not a trace (" + control.summary() + ": no policy can do better than"
        + " hold there): " + verdictLine(control, controlBaseline, controlSluice,
            verdict(controlBaseline, controlSluice) + ", " + controlSluice.rescales() + " vs "
            + controlBaseline.rescales() + " rescales"));
    phases(plots);
    tighterBounds();
    System.out.println("timeline plots: " + plots);
    for (RealRunShape shape : List.of(RealRunShape.SPIKE_SCALING_TEST, RealRunShape.E2E_OVERLOAD,
        RealRunShape.E2E_OVERLOAD.withRescaleDowntime(RealRunShape.POD_RESTART))) {
      System.out.println("simulator fidelity, " + shape.prediction());
      System.out.println("  busy time from the counter, as the operator reads it now: "
          + shape.withReporting(shape.reporting().withBusyTimeCounter(true)).prediction());
      System.out.println("  reported as immediately as the traces: "
          + shape.withReporting(FlinkReporting.IMMEDIATE).prediction());
    }
    System.out.println();
    objectiveInTheLoop(plots);
  }

  /**
   * Every trace again with its load later against the checkpoint schedule, at each of {@link
   * #PHASES}: a scale-up under back pressure waits for the checkpoint in flight when Flink's
   * stabilisation ends, so one phase could flatter either policy. Then the same for Sluice told
   * each trace's threshold as a lag objective's bound, as a team that declared it would run it.
   */
  private static void phases(Path plots) throws IOException {
    System.out.println("phases: each trace again " + PHASES + " s later against the 30-s checkpoint"
        + " schedule; time over the threshold and cost (÷ flink-defaults) from least to most, and"
        + " the verdicts");
    phases("sluice", trace -> sluice());
    System.out.println("phases with each trace's threshold declared as a lag objective (lag.maxRecords, "
        + LAG_OBJECTIVE + "% of " + LAG_OBJECTIVE_WINDOW + "): its bound limits what a restart may leave"
        + " and its page alert hurries scale-ups");
    phases("sluice+slo", AutoscalerBenchmark::sluiceWithLagObjective);
    for (Trace trace : Traces.all()) {
      SimulationRun declared = Simulator.run(trace, sluiceWithLagObjective(trace));
      List<SimulationRun.TimedDecision> bounded = declared.decisions().stream()
          .filter(timed -> timed.decision().reason().contains(LagObjective.NAME + "'s bound of"))
          .filter(timed -> timed.decision().targetParallelism() != timed.decision().currentParallelism())
          .toList();
      bounded.forEach(timed -> System.out.println("  sluice+slo on " + trace.name() + " at "
          + duration(Duration.ofSeconds(timed.second())) + ": " + timed.decision().reason()));
      if (!bounded.isEmpty()) {
        TimelinePlot.write(plots.resolve(trace.name() + "+lag-objective.svg"), trace, List.of(
            Simulator.run(trace, new FlinkDefaultsPolicy()), Simulator.run(trace, sluice()), declared));
      }
    }
  }

  /**
   * diurnal-sine with bounds tighter than its threshold, each declared as the lag objective and
   * scored as the threshold: below about 4800/s a restart's backlog breaks them on the way down too.
   */
  private static void tighterBounds() {
    System.out.println("diurnal-sine with tighter lag objectives, each also the threshold: time over it (of"
        + " which on the falling half, from 12h), cost (÷ flink-defaults), verdict");
    for (long bound : TIGHTER_BOUNDS) {
      Trace trace = Traces.diurnal().withLagThreshold(bound);
      SimulationRun declared = Simulator.run(trace, sluiceWithLagObjective(trace));
      SimulationRun flinks = Simulator.run(trace, new FlinkDefaultsPolicy());
      Scorecard mine = Scorecard.of(trace, declared);
      Scorecard theirs = Scorecard.of(trace, flinks);
      System.out.println(String.format(Locale.ROOT,
          "  %d records: sluice+slo %s (%s falling), flink-defaults %s (%s falling); cost %.2fx; %s",
          bound, duration(mine.timeOverThreshold()), duration(overOnTheFallingHalf(declared, bound)),
          duration(theirs.timeOverThreshold()), duration(overOnTheFallingHalf(flinks, bound)),
          mine.parallelismSeconds() / theirs.parallelismSeconds(), verdict(theirs, mine)));
    }
  }

  /** Time with the lag over {@code records} in the second half of a day-long run. */
  static Duration overOnTheFallingHalf(SimulationRun run, double records) {
    return Duration.ofSeconds(run.timeline().stream()
        .filter(sample -> sample.second() >= Duration.ofHours(12).toSeconds() && sample.lag() > records)
        .count());
  }

  private static void phases(String name, Function<Trace, PolicyUnderTest> policy) {
    int ahead = 0;
    for (Trace trace : Traces.all()) {
      List<Scorecard> sluice = new ArrayList<>();
      List<Scorecard> flink = new ArrayList<>();
      List<Double> costs = new ArrayList<>();
      int traceAhead = 0;
      for (long phase : PHASES) {
        Trace delayed = trace.delayedBy(phase);
        Scorecard theirs = Scorecard.of(delayed, Simulator.run(delayed, new FlinkDefaultsPolicy()));
        Scorecard mine = Scorecard.of(delayed, Simulator.run(delayed, policy.apply(delayed)));
        sluice.add(mine);
        flink.add(theirs);
        costs.add(mine.parallelismSeconds() / theirs.parallelismSeconds());
        traceAhead += verdict(theirs, mine).equals(AHEAD) ? 1 : 0;
      }
      ahead += traceAhead;
      System.out.printf(Locale.ROOT, "  %-26s %s %s, flink-defaults %s; cost %.2fx to %.2fx;"
          + " ahead at %d of %d%n", trace.name() + ":", name, overThreshold(sluice), overThreshold(flink),
          costs.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          costs.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), traceAhead, PHASES.size());
    }
    System.out.printf(Locale.ROOT, "phases overall: %s ahead in %d of %d runs%n", name, ahead,
        Traces.all().size() * PHASES.size());
  }

  private static String overThreshold(List<Scorecard> cards) {
    List<Duration> times = cards.stream().map(Scorecard::timeOverThreshold).sorted().toList();
    return duration(times.get(0)) + " to " + duration(times.get(times.size() - 1));
  }

  /**
   * Sluice on {@link Traces#failureNearCapacity()} twice, the same but for whether the autoscaler
   * hears that the lag objective pages: the objective's budget, and what the early scale-up costs.
   */
  private static void objectiveInTheLoop(Path plots) throws IOException {
    Trace trace = Traces.failureNearCapacity();
    SimulationRun deaf = Simulator.run(trace, sluiceBesideLagObjective(trace, false));
    SimulationRun hearing = Simulator.run(trace, sluiceBesideLagObjective(trace, true));
    LagObjective objective = lagObjective(trace);
    System.out.println(trace.name() + ": " + trace.summary() + "; lag threshold "
        + String.format(Locale.ROOT, "%.0f", trace.lagThreshold()) + " records");
    System.out.println("  objective " + LagObjective.NAME + ": lag at most "
        + String.format(Locale.ROOT, "%.0f", trace.lagThreshold()) + " records " + LAG_OBJECTIVE
        + "% of " + LAG_OBJECTIVE_WINDOW + ", default alerting scaled to the window ("
        + objective.policy().alerts().stream().map(alert -> String.format(Locale.ROOT,
            "%s %s/%s above %.2f", alert.severity().label(), alert.longWindow().label(),
            alert.shortWindow().label(), alert.threshold())).toList()
        + "); the window before the trace all good; catch-up time "
        + duration(sluiceConfig().catchUpTime()) + " (a bound in records sets none)");
    System.out.println(String.format(Locale.ROOT, SLO_HEADER, "policy", "budget spent",
        "budget left", "SLI bad", "paging", "over thr.", "first up", "parallelism-s", "rescales"));
    List<SloScorecard> slos = new ArrayList<>();
    List<Scorecard> cards = new ArrayList<>();
    for (SimulationRun run : List.of(deaf, hearing)) {
      SloScorecard slo = SloScorecard.of(trace, run, () -> lagObjective(trace));
      Scorecard card = Scorecard.of(trace, run);
      slos.add(slo);
      cards.add(card);
      System.out.println(String.format(Locale.ROOT, SLO_ROW, run.policy(),
          slo.budgetSpent(), slo.budgetLeft(), duration(slo.sliBad()), duration(slo.paging()),
          duration(card.timeOverThreshold()),
          slo.firstScaleUp().map(HumanFormat::duration).orElse("none"),
          card.parallelismSeconds(), card.rescales()));
    }
    System.out.println(String.format(Locale.ROOT, "  %s ÷ %s: budget spent %.2fx, SLI bad %.2fx,"
            + " over threshold %.2fx, parallelism-s %.2fx", hearing.policy(), deaf.policy(),
        slos.get(1).budgetSpent() / slos.get(0).budgetSpent(),
        ratio(slos.get(1).sliBad(), slos.get(0).sliBad()),
        ratio(cards.get(1).timeOverThreshold(), cards.get(0).timeOverThreshold()),
        cards.get(1).parallelismSeconds() / cards.get(0).parallelismSeconds()));
    for (SimulationRun run : List.of(deaf, hearing)) {
      run.decisions().stream()
          .filter(d -> d.second() > trace.disturbanceAt().toSeconds())
          .filter(d -> d.decision().targetParallelism() != d.decision().currentParallelism()
              || d.decision().reason().contains("waits until the job cannot keep up"))
          .findFirst()
          .ifPresent(d -> System.out.println("  " + run.policy() + " at "
              + duration(Duration.ofSeconds(d.second())) + ": " + d.decision().reason()));
    }
    TimelinePlot.write(plots.resolve(trace.name() + ".svg"), trace, List.of(deaf, hearing));
  }

  /** Sluice on a pipeline with the lag objective, told whether it pages or not. */
  static PolicyUnderTest sluiceBesideLagObjective(Trace trace, boolean hearsObjective) {
    return new SluicePolicy(sluiceConfig(),
        hearsObjective ? Optional.of(lagObjective(trace)) : Optional.empty());
  }

  static LagObjective lagObjective(Trace trace) {
    return new LagObjective(Math.round(trace.lagThreshold()), LAG_OBJECTIVE, LAG_OBJECTIVE_WINDOW,
        Simulator.REPORT_INTERVAL);
  }

  /** Sluice's defaults: no freshness objective, so the spec's catch-up time. */
  private static AutoscalerConfig sluiceConfig() {
    return AutoscalerConfig.defaults(1, Traces.PARTITIONS);
  }

  private static double ratio(Duration mine, Duration theirs) {
    return (double) mine.toSeconds() / theirs.toSeconds();
  }

  /**
   * {@link #AHEAD}: no worse on time over threshold and cost, strictly better on one, and no flap;
   * {@link #TIE}: the same on both, without flaps; otherwise behind.
   */
  static String verdict(Scorecard baseline, Scorecard sluice) {
    int time = sluice.timeOverThreshold().compareTo(baseline.timeOverThreshold());
    int cost = Double.compare(sluice.parallelismSeconds(), baseline.parallelismSeconds());
    if (sluice.flaps() > 0 || time > 0 || cost > 0) {
      return "sluice BEHIND";
    }
    return time < 0 || cost < 0 ? AHEAD : TIE;
  }

  /** docs/autoscaler under the repository root (the directory holding mvnw). */
  private static Path plotDirectory() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return (dir == null ? Path.of("").toAbsolutePath() : dir).resolve("docs/autoscaler");
  }

  static List<Supplier<PolicyUnderTest>> policies() {
    return List.of(
        FixedPolicy::new,
        () -> new KedaLagPolicy(KEDA_LAG_PER_REPLICA, 1),
        FlinkDefaultsPolicy::new,
        AutoscalerBenchmark::sluice);
  }

  static PolicyUnderTest sluice() {
    return new SluicePolicy(benchmarkConfig());
  }

  /** {@link #sluice()} on a pipeline whose lag objective's bound is the trace's threshold. */
  static PolicyUnderTest sluiceWithLagObjective(Trace trace) {
    return new SluicePolicy(benchmarkConfig(), Optional.of(lagObjective(trace)));
  }

  /** Sluice's defaults with the catch-up time the benchmark's freshness objective sets. */
  private static AutoscalerConfig benchmarkConfig() {
    return AutoscalerConfig.defaults(1, Traces.PARTITIONS).withCatchUpFromObjective(FRESHNESS_OBJECTIVE);
  }

  private static String recovery(Scorecard card) {
    return card.recovery().map(HumanFormat::duration).orElse("never");
  }

  /** How many times faster than the baseline a policy recovered, as text. */
  private static String speedup(Scorecard baseline, Scorecard card) {
    Optional<Duration> mine = card.recovery();
    Optional<Duration> theirs = baseline.recovery();
    if (mine.isEmpty() || theirs.isEmpty() || mine.get().isZero() || theirs.get().isZero()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2fx", (double) theirs.get().toSeconds()
        / mine.get().toSeconds());
  }

  private static String verdictLine(Trace trace, Scorecard baseline, Scorecard sluice,
      String verdict) {
    return String.format(Locale.ROOT,
        "%-26s over threshold %s vs %s, cost %.2fx, recovery %s vs %s, flaps %d -> %s%n",
        trace.name() + ":", duration(sluice.timeOverThreshold()),
        duration(baseline.timeOverThreshold()),
        sluice.parallelismSeconds() / baseline.parallelismSeconds(), recovery(sluice),
        recovery(baseline), sluice.flaps(), verdict);
  }

  private static Scorecard find(List<Scorecard> cards, String policy) {
    return cards.stream().filter(c -> c.policy().equals(policy)).findFirst().orElseThrow();
  }

  private static SimulationRun run(List<SimulationRun> runs, String policy) {
    return runs.stream().filter(r -> r.policy().equals(policy)).findFirst().orElseThrow();
  }
}
