package dev.sluice.autoscaler;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.Indicator;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.TargetRef;
import dev.sluice.slo.BurnAlert;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ServiceLevelObjectives that bear on a Pipeline's scaling: those about the Pipeline itself or
 * about one of its outputs. A freshness objective, or a lag objective with a maxDelay, is a time
 * within which a backlog must be gone, so the tightest one sets the catch-up time; a lag objective
 * with maxRecords bounds the backlog a rescale's restart may leave ({@link LagBound}).
 */
public final class Deadlines {

  private Deadlines() {
  }

  /** A promise that bounds how long a backlog may last. */
  public record Deadline(String objective, String indicator, Duration threshold) {

    public String describe() {
      return "ServiceLevelObjective " + objective + " (" + indicator + " " + HumanFormat.duration(threshold) + ")";
    }
  }

  /** The tightest deadline among the given objectives. */
  public static Optional<Deadline> tightest(List<ServiceLevelObjective> objectives) {
    return objectives.stream()
        .map(Deadlines::deadline)
        .flatMap(Optional::stream)
        .filter(deadline -> !deadline.threshold().isZero())
        .min(Comparator.comparing(Deadline::threshold));
  }

  /** The tightest bound in records among the given objectives' lag indicators. */
  public static Optional<LagBound> lagBound(List<ServiceLevelObjective> objectives) {
    return objectives.stream()
        .filter(objective -> objective.getSpec().indicator().lag() != null
            && objective.getSpec().indicator().lag().maxRecords() != null)
        .map(objective -> new LagBound(objective.getMetadata().getName(),
            objective.getSpec().indicator().lag().maxRecords()))
        .min(Comparator.comparingLong(LagBound::records));
  }

  /** The first of the given objectives whose page alert fires: it burns its error budget fastest. */
  public static Optional<String> pagingObjective(List<ServiceLevelObjective> objectives) {
    return objectives.stream()
        .filter(objective -> objective.getStatus() != null
            && objective.getStatus().getFiring().contains(BurnAlert.Severity.PAGE.label()))
        .map(objective -> objective.getMetadata().getName())
        .sorted()
        .findFirst();
  }

  /** Whether the objective is about the Pipeline or one of its outputs. */
  public static boolean concerns(ServiceLevelObjective objective, Pipeline pipeline) {
    TargetRef target = objective.getSpec() == null ? null : objective.getSpec().target();
    if (target == null || !objective.getMetadata().getNamespace().equals(pipeline.getMetadata().getNamespace())) {
      return false;
    }
    return switch (target.kind()) {
      case "Pipeline" -> target.name().equals(pipeline.getMetadata().getName());
      case "Dataset" -> pipeline.getSpec().outputs().contains(target.name());
      default -> false;
    };
  }

  private static Optional<Deadline> deadline(ServiceLevelObjective objective) {
    Indicator indicator = objective.getSpec().indicator();
    String name = objective.getMetadata().getName();
    if (indicator.freshness() != null) {
      return Optional.of(new Deadline(name, "freshness", Durations.parse(indicator.freshness().threshold())));
    }
    if (indicator.lag() != null && indicator.lag().maxDelay() != null) {
      return Optional.of(new Deadline(name, "lag", Durations.parse(indicator.lag().maxDelay())));
    }
    return Optional.empty();
  }
}
