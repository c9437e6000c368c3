package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.autoscaler.Deadlines;
import dev.sluice.autoscaler.ScalingPolicy;
import dev.sluice.reconciler.LeanStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Watches the ServiceLevelObjectives that bear on a Pipeline's scaling ({@link Deadlines}). */
final class Objectives {

  private InformerEventSource<ServiceLevelObjective, Pipeline> informer;

  /** Watches the objectives, and reconciles the Pipelines each one concerns when it changes. */
  InformerEventSource<ServiceLevelObjective, Pipeline> eventSource(EventSourceContext<Pipeline> context) {
    var configuration = InformerEventSourceConfiguration.from(ServiceLevelObjective.class, Pipeline.class)
        .withSecondaryToPrimaryMapper((ServiceLevelObjective objective) -> context.getPrimaryCache()
            .list(objective.getMetadata().getNamespace())
            .filter(pipeline -> Deadlines.concerns(objective, pipeline))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withOnUpdateFilter(Objectives::changesScaling)
        .withItemStore(new LeanStore<>())
        .build();
    informer = new InformerEventSource<>(configuration, context);
    return informer;
  }

  /**
   * Whether an objective's change bears on scaling: its spec, or whether its alerts fire. Its other
   * figures move at every evaluation, which a Pipeline's own status changes cause: reconciling the
   * Pipeline for those would loop the two reconcilers at the speed of the API server.
   */
  static boolean changesScaling(ServiceLevelObjective newer, ServiceLevelObjective older) {
    return !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(firing(newer), firing(older));
  }

  private static List<String> firing(ServiceLevelObjective objective) {
    return objective.getStatus() == null ? List.of() : objective.getStatus().getFiring();
  }

  /** The scaling policy with what the objectives about the Pipeline or its outputs add, from the informer's cache. */
  ScalingPolicy policy(Pipeline pipeline) {
    return ScalingPolicy.of(pipeline, informer.list(pipeline.getMetadata().getNamespace()).toList());
  }
}
