package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.Indicator;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.TargetRef;
import dev.sluice.autoscaler.HumanFormat;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ServiceLevelObjectives that bear on a Pipeline's scaling: those about the Pipeline itself or
 * about one of its outputs. A freshness objective, or a lag objective with a maxDelay, is a time
 * within which a backlog must be gone, so the tightest one sets the catch-up time.
 */
final class Objectives {

  /** A promise that bounds how long a backlog may last. */
  record Deadline(String objective, String indicator, Duration threshold) {

    String describe() {
      return "ServiceLevelObjective " + objective + " (" + indicator + " " + HumanFormat.duration(threshold) + ")";
    }
  }

  private InformerEventSource<ServiceLevelObjective, Pipeline> informer;

  /** Watches the objectives, and reconciles the Pipelines each one concerns when it changes. */
  InformerEventSource<ServiceLevelObjective, Pipeline> eventSource(EventSourceContext<Pipeline> context) {
    var configuration = InformerEventSourceConfiguration.from(ServiceLevelObjective.class, Pipeline.class)
        .withSecondaryToPrimaryMapper((ServiceLevelObjective objective) -> context.getPrimaryCache()
            .list(objective.getMetadata().getNamespace())
            .filter(pipeline -> concerns(objective, pipeline))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    informer = new InformerEventSource<>(configuration, context);
    return informer;
  }

  /** The tightest deadline among the objectives about the Pipeline or its outputs, from the informer's cache. */
  Optional<Deadline> tightest(Pipeline pipeline) {
    return tightest(informer.list(pipeline.getMetadata().getNamespace(), objective -> concerns(objective, pipeline))
        .toList());
  }

  static Optional<Deadline> tightest(List<ServiceLevelObjective> objectives) {
    return objectives.stream()
        .map(Objectives::deadline)
        .flatMap(Optional::stream)
        .filter(deadline -> !deadline.threshold().isZero())
        .min(Comparator.comparing(Deadline::threshold));
  }

  static boolean concerns(ServiceLevelObjective objective, Pipeline pipeline) {
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
