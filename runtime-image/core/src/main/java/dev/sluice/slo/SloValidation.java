package dev.sluice.slo;

import dev.sluice.api.common.Durations;
import dev.sluice.api.slo.Indicator;
import dev.sluice.api.slo.SloSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checks the API server makes of an SLO's spec (the CRD's CEL rules), for where no API server
 * does: local mode reads manifests from files, and a spec the maths cannot read must be refused
 * with the field named, not fail the run later.
 */
public final class SloValidation {

  private static final Duration SHORTEST_WINDOW = Duration.ofHours(1);

  private SloValidation() {
  }

  /** What is wrong with {@code spec}, each naming its field; empty when the API server would accept it. */
  public static List<String> problems(SloSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is required");
    }
    if (spec.target() == null || !List.of("Pipeline", "Dataset").contains(spec.target().kind())) {
      problems.add("spec.target.kind must be Pipeline or Dataset");
    } else if (spec.target().name() == null || spec.target().name().isEmpty()) {
      problems.add("spec.target.name is required");
    }
    if (spec.objective() == null || spec.objective() <= 0 || spec.objective() >= 100) {
      problems.add("spec.objective must be a percentage above 0 and below 100, such as 99.5");
    }
    try {
      if (Durations.parseWindow(spec.window()).compareTo(SHORTEST_WINDOW) < 0) {
        problems.add("spec.window must be at least 1h, such as 1h, 7d or 28d");
      }
    } catch (IllegalArgumentException e) {
      problems.add("spec.window: " + e.getMessage());
    }
    if (spec.alerting().pageBurnRate() < 1) {
      problems.add("spec.alerting.pageBurnRate must be at least 1");
    }
    if (spec.alerting().ticketBurnRate() <= 0) {
      problems.add("spec.alerting.ticketBurnRate must be above 0");
    }
    problems.addAll(indicatorProblems(spec));
    return problems;
  }

  private static List<String> indicatorProblems(SloSpec spec) {
    Indicator indicator = spec.indicator();
    long set = indicator == null ? 0 : Stream.of(indicator.freshness(), indicator.lag(), indicator.checkpointSuccess(),
        indicator.availability(), indicator.qualityPassRate(), indicator.latency()).filter(kind -> kind != null).count();
    if (set != 1) {
      return List.of("spec.indicator must set exactly one of freshness, lag, checkpointSuccess, availability, "
          + "qualityPassRate or latency");
    }
    List<String> problems = new ArrayList<>();
    if (indicator.freshness() != null) {
      positive("spec.indicator.freshness.threshold", indicator.freshness().threshold(), problems);
    }
    if (indicator.latency() != null) {
      positive("spec.indicator.latency.threshold", indicator.latency().threshold(), problems);
    }
    if (indicator.lag() != null) {
      if (indicator.lag().maxRecords() == null && indicator.lag().maxDelay() == null) {
        problems.add("spec.indicator.lag needs maxRecords, maxDelay or both");
      }
      if (indicator.lag().maxRecords() != null && indicator.lag().maxRecords() < 1) {
        problems.add("spec.indicator.lag.maxRecords must be at least 1");
      }
      if (indicator.lag().maxDelay() != null) {
        positive("spec.indicator.lag.maxDelay", indicator.lag().maxDelay(), problems);
      }
    }
    boolean pipelineOnly = indicator.lag() != null || indicator.checkpointSuccess() != null
        || indicator.availability() != null || indicator.qualityPassRate() != null;
    if (pipelineOnly && spec.target() != null && "Dataset".equals(spec.target().kind())) {
      problems.add("spec.indicator: lag, checkpointSuccess, availability and qualityPassRate apply to a Pipeline "
          + "target; a Dataset target takes freshness or latency");
    }
    return problems;
  }

  private static void positive(String field, String duration, List<String> problems) {
    try {
      if (Durations.parse(duration).compareTo(Duration.ZERO) <= 0) {
        problems.add(field + " " + Durations.NOT_POSITIVE);
      }
    } catch (IllegalArgumentException e) {
      problems.add(field + " " + Durations.NOT_A_DURATION);
    }
  }
}
