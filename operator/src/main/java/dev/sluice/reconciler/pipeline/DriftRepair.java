package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.reconciler.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares what should exist of a Pipeline's cluster with what the informers show, and applies
 * again what is missing or scaled by hand. It judges what the operator decides between lifecycle
 * steps: that each resource exists, and the replicas of both Deployments. The rest of a
 * resource's content changes only through a lifecycle step, so a repair never restarts a job
 * for a spec change the lifecycle has not taken up. Nothing is written when nothing differs.
 */
final class DriftRepair {

  private static final Logger LOG = LoggerFactory.getLogger(DriftRepair.class);

  private final ClusterApplier applier;
  private final EventRecorder events;

  DriftRepair(ClusterApplier applier, EventRecorder events) {
    this.applier = applier;
    this.events = events;
  }

  void repair(Pipeline pipeline, List<HasMetadata> desired, ClusterState state) {
    for (HasMetadata resource : desired) {
      Optional<String> drift = drift(resource, state.find(resource));
      if (drift.isPresent()) {
        applier.apply(pipeline, List.of(resource), state);
        String what = resource.getKind() + " " + resource.getMetadata().getName();
        events.normal(pipeline, PipelineReason.DriftRepaired, what + " " + drift.get() + "; applied it again");
        LOG.info("{}/{}: {} {}; applied it again", pipeline.getMetadata().getNamespace(),
            pipeline.getMetadata().getName(), what, drift.get());
      }
    }
  }

  /** How the cached resource differs from the desired one, in words; empty when it does not. */
  static Optional<String> drift(HasMetadata desired, Optional<HasMetadata> seen) {
    if (seen.isEmpty()) {
      return Optional.of("was missing");
    }
    if (desired instanceof Deployment wanted && seen.get() instanceof Deployment actual
        && !Objects.equals(wanted.getSpec().getReplicas(), actual.getSpec().getReplicas())) {
      return Optional.of("had " + actual.getSpec().getReplicas() + " replicas instead of "
          + wanted.getSpec().getReplicas());
    }
    return Optional.empty();
  }
}
