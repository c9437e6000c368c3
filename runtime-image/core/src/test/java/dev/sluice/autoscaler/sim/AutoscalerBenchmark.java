package dev.sluice.autoscaler.sim;

import static dev.sluice.autoscaler.HumanFormat.duration;

import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.HumanFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs every trace under four policies and prints, per trace, how each did against the
 * Flink-defaults policy measured in the same run. A benchmark, not a test: nothing here is timed.
 *
 * <p>Run from the repository root: {@code ./mvnw -q -pl runtime-image/core -am test-compile
 * -Pautoscaler-benchmark}
 */
public final class AutoscalerBenchmark {

  /** Sluice's catch-up time comes from this freshness objective on the pipeline's output. */
  static final Duration FRESHNESS_OBJECTIVE = Duration.ofMinutes(5);
  /** KEDA's lagThreshold: 10 seconds of one subtask's work waiting per replica. */
  static final double KEDA_LAG_PER_REPLICA = 10 * Traces.SUBTASK_CAPACITY;
  private static final String BASELINE = "flink-defaults";
  private static final List<String> CRITERIA_TRACES = List.of("step-5x", "spike-10x-2m");
  private static final String HEADER = "  %-15s %9s %9s %9s %13s %8s %5s %9s %8s %6s";
  private static final String ROW = "  %-15s %9s %9s %9.0f %13.0f %8d %5d %9.0f %8s %6s";

  private AutoscalerBenchmark() {}

  public static void main(String[] args) {
    System.out.println("recovery: from the disturbance until lag stays under the threshold to the"
        + " end; over thr.: time above it; flaps: reversals within "
        + duration(Scorecard.FLAP_WINDOW) + "; replayed: records re-read after restoring a"
        + " checkpoint; speed-up: flink-defaults' recovery / this one; cost: parallelism-s /"
        + " flink-defaults'. Observations every " + duration(Simulator.REPORT_INTERVAL)
        + " for every policy.");
    System.out.println();
    StringBuilder verdicts = new StringBuilder();
    for (Trace trace : Traces.all()) {
      List<Scorecard> cards = policies().stream()
          .map(policy -> Scorecard.of(trace, Simulator.run(trace, policy.get())))
          .toList();
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
      System.out.println();
      if (CRITERIA_TRACES.contains(trace.name())) {
        verdicts.append(verdict(trace, baseline, find(cards, "sluice")));
      }
    }
    System.out.print(verdicts);
  }

  static List<Supplier<PolicyUnderTest>> policies() {
    return List.of(
        FixedPolicy::new,
        () -> new KedaLagPolicy(KEDA_LAG_PER_REPLICA, 1),
        FlinkDefaultsPolicy::new,
        AutoscalerBenchmark::sluice);
  }

  static PolicyUnderTest sluice() {
    return new SluicePolicy(AutoscalerConfig.defaults(1, Traces.PARTITIONS)
        .withCatchUpFromObjective(FRESHNESS_OBJECTIVE));
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

  private static String verdict(Trace trace, Scorecard baseline, Scorecard sluice) {
    boolean twiceAsFast = sluice.recovery().isPresent() && (baseline.recovery().isEmpty()
        || 2 * sluice.recovery().get().toSeconds() <= baseline.recovery().get().toSeconds());
    boolean noCostlier = sluice.parallelismSeconds() <= baseline.parallelismSeconds();
    boolean noFlaps = sluice.flaps() == 0;
    return String.format(Locale.ROOT,
        "%s: sluice recovery %s vs flink-defaults %s (%s), cost %.2fx, flaps %d -> %s%n",
        trace.name(), recovery(sluice), recovery(baseline), speedup(baseline, sluice),
        sluice.parallelismSeconds() / baseline.parallelismSeconds(), sluice.flaps(),
        twiceAsFast && noCostlier && noFlaps ? "criteria met" : "criteria NOT met");
  }

  private static Scorecard find(List<Scorecard> cards, String policy) {
    return cards.stream().filter(c -> c.policy().equals(policy)).findFirst().orElseThrow();
  }
}
