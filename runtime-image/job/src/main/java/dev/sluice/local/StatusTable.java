package dev.sluice.local;

import dev.sluice.api.pipeline.CheckpointStatus;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.pipeline.ScalingDecisionStatus;
import dev.sluice.api.slo.Indicator;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.autoscaler.HumanFormat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The status of the local Pipelines as a table: what the operator writes to each Pipeline's status,
 * one row per Pipeline; below it, when the directory has objectives, the figures the operator writes
 * to each ServiceLevelObjective's status. A figure not known yet shows as "-".
 */
final class StatusTable {

  static final List<String> HEADER = List.of("PIPELINE", "STATE", "PARALLELISM", "LAG", "INPUT/S", "FRESHNESS",
      "CHECKPOINT", "VIOLATIONS", "LAST SCALING");
  static final List<String> OBJECTIVES_HEADER = List.of("SLO", "TARGET", "STATE", "SLI", "COMPLIANCE", "BUDGET LEFT");
  private static final String NONE = "-";
  /** The autoscaler's sizing in a reason, such as "need 3.6 subtasks"; the decision lines show it whole. */
  private static final Pattern NEED = Pattern.compile("need [0-9.]+ subtasks?");
  /** A reason without sizing is cut to this length. */
  private static final int REASON_WIDTH = 60;

  private final Instant now;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<List<String>> objectiveRows = new ArrayList<>();

  StatusTable(Instant now) {
    this.now = now;
  }

  void add(String pipeline, PipelineStatus status) {
    rows.add(List.of(pipeline, state(status), parallelism(status.getParallelism()),
        lag(status.getLag()), inputRate(status), status.getFreshness() == null ? NONE : status.getFreshness(),
        checkpoint(status.getCheckpoint()), violations(status.getQuality()), scaling(status.getLastScaling())));
  }

  void add(ServiceLevelObjective objective) {
    SloStatus status = objective.getStatus() == null ? new SloStatus() : objective.getStatus();
    objectiveRows.add(List.of(objective.getMetadata().getName(), objective.getSpec().target().name(),
        status.getState() == null ? NONE : status.getState().name(), sli(objective.getSpec().indicator(),
            status.getSli()), percent(status.getCompliance()), percent(status.getErrorBudgetRemaining())));
  }

  /** The Pipelines' table, then a blank line and the objectives' table when there are objectives. */
  List<String> lines() {
    List<String> lines = aligned(HEADER, rows);
    if (!objectiveRows.isEmpty()) {
      lines.add("");
      lines.addAll(aligned(OBJECTIVES_HEADER, objectiveRows));
    }
    return lines;
  }

  private static List<String> aligned(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /** The SLI as status holds it, with "s" where it is seconds (freshness, latency, lag with maxDelay). */
  private static String sli(Indicator indicator, Double sli) {
    if (sli == null) {
      return NONE;
    }
    boolean seconds = indicator.freshness() != null || indicator.latency() != null
        || (indicator.lag() != null && indicator.lag().maxDelay() != null);
    return number(sli) + (seconds ? "s" : "");
  }

  private static String percent(Double value) {
    return value == null ? NONE : number(value) + "%";
  }

  /** Status's own figure (four decimals at most), without trailing zeros. */
  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** The phase; a job of bounded input that finished is Finished, which no phase of the operator says. */
  private static String state(PipelineStatus status) {
    boolean finished = status.getJob() != null && "FINISHED".equals(status.getJob().getState());
    return finished ? "Finished" : String.valueOf(status.getPhase());
  }

  private static String parallelism(ParallelismStatus parallelism) {
    if (parallelism == null || parallelism.getCurrent() == null) {
      return parallelism == null || parallelism.getDesired() == null ? NONE : "? → " + parallelism.getDesired();
    }
    return parallelism.getCurrent().equals(parallelism.getDesired()) ? parallelism.getCurrent().toString()
        : parallelism.getCurrent() + " → " + parallelism.getDesired();
  }

  /** Records waiting, and how long they take to drain at the rate the sources read now. */
  private static String lag(LagStatus lag) {
    if (lag == null || lag.getRecords() == null) {
      return NONE;
    }
    String drain = lag.getSeconds() == null ? "" : " (" + HumanFormat.duration(
        Duration.ofMillis(Math.round(lag.getSeconds() * 1000))) + ")";
    return lag.getRecords() + drain;
  }

  private static String inputRate(PipelineStatus status) {
    Double rate = status.getThroughput() == null ? null : status.getThroughput().getInputRecordsPerSecond();
    return rate == null ? NONE : String.format(Locale.ROOT, "%.0f", rate);
  }

  private String checkpoint(CheckpointStatus checkpoint) {
    if (checkpoint == null || checkpoint.getLastCompletedTime() == null) {
      return NONE;
    }
    return ago(Instant.parse(checkpoint.getLastCompletedTime())) + " ago";
  }

  private static String violations(List<QualityViolations> quality) {
    return quality == null || quality.isEmpty() ? NONE : quality.stream()
        .map(rule -> rule.getRule() + "=" + rule.getViolations()).collect(Collectors.joining(","));
  }

  private String scaling(ScalingDecisionStatus last) {
    if (last == null) {
      return NONE;
    }
    Matcher need = NEED.matcher(last.getReason());
    String why = need.find() ? need.group() : last.getReason();
    String cut = why.length() > REASON_WIDTH ? why.substring(0, REASON_WIDTH - 1) + "…" : why;
    return last.getFrom() + " → " + last.getTo() + " " + ago(Instant.parse(last.getTime())) + " ago: " + cut;
  }

  private String ago(Instant then) {
    Duration age = Duration.between(then, now);
    return HumanFormat.duration(age.isNegative() ? Duration.ZERO : age.withNanos(0));
  }
}
