package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import dev.sluice.reconciler.LeanStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

import java.util.List;

/**
 * Informers on every kind the operator creates for a Pipeline, limited to what it manages (by
 * label) and mapped to the owning Pipeline by owner reference. A change or deletion of one
 * reconciles its Pipeline at once, which then repairs it; reconciles read these caches, not the
 * API server.
 */
final class OwnedResources {

  static final List<Class<? extends HasMetadata>> KINDS = List.of(Deployment.class, ConfigMap.class, Service.class,
      ServiceAccount.class, Role.class, RoleBinding.class);

  private OwnedResources() {
  }

  static List<EventSource<?, Pipeline>> sources(EventSourceContext<Pipeline> context) {
    return KINDS.stream().<EventSource<?, Pipeline>>map(kind -> source(kind, context)).toList();
  }

  private static <R extends HasMetadata> InformerEventSource<R, Pipeline> source(Class<R> kind,
      EventSourceContext<Pipeline> context) {
    var configuration = InformerEventSourceConfiguration.from(kind, Pipeline.class)
        .withLabelSelector("app.kubernetes.io/managed-by=" + ClusterNames.MANAGED_BY)
        .withSecondaryToPrimaryMapper(Mappers.<R>fromOwnerReferences(Pipeline.class))
        .withItemStore(new LeanStore<>())
        .build();
    return new InformerEventSource<>(configuration, context);
  }
}
