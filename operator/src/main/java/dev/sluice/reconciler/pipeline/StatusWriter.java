package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.util.Objects;

/**
 * Writes a Pipeline's status so that the next reconcile reads it back. The lifecycle keeps its
 * state machine in status (a savepoint in flight, the deployed plan); an informer that has not yet
 * delivered the last write would otherwise hand the next reconcile the status before it, which
 * could stop the job with a second savepoint or deploy twice. The written Pipeline goes into the
 * SDK's cache of Pipelines, and a status that did not change is not written at all.
 */
final class StatusWriter {

  private final String before;

  private StatusWriter(String before) {
    this.before = before;
  }

  /** Remembers the status as the reconcile received it, before it changes it in place. */
  static StatusWriter before(Pipeline pipeline, Context<Pipeline> context) {
    return new StatusWriter(json(pipeline, context));
  }

  UpdateControl<Pipeline> write(Pipeline pipeline, Context<Pipeline> context) {
    if (!Objects.equals(before, json(pipeline, context))) {
      Pipeline fresh = new Pipeline();
      fresh.setMetadata(new ObjectMetaBuilder().withName(pipeline.getMetadata().getName())
          .withNamespace(pipeline.getMetadata().getNamespace()).build());
      fresh.setStatus(pipeline.getStatus());
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(pipeline, fresh, context);
    }
    return UpdateControl.noUpdate();
  }

  private static String json(Pipeline pipeline, Context<Pipeline> context) {
    return pipeline.getStatus() == null ? null
        : context.getClient().getKubernetesSerialization().asJson(pipeline.getStatus());
  }
}
