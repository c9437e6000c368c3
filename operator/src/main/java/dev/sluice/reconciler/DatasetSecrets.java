package dev.sluice.reconciler;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.KafkaConnector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.Optional;

/**
 * The Secrets that Datasets name for their credentials, watched so that creating or fixing one
 * reconciles what waits for it at once, and read from the informer rather than the API server.
 */
public final class DatasetSecrets {

  private DatasetSecrets() {
  }

  /** The Secret a Dataset's connector names, if any. */
  public static Optional<String> named(Dataset dataset) {
    KafkaConnector kafka = dataset.getSpec().connector().kafka();
    return kafka == null || kafka.credentials() == null ? Optional.empty()
        : Optional.of(kafka.credentials().secretName());
  }

  /**
   * An informer on the Secrets of the controller's namespaces, mapped both ways by the caller:
   * which primaries a Secret concerns, and which Secrets a primary needs.
   */
  public static <P extends HasMetadata> InformerEventSource<Secret, P> source(EventSourceContext<P> context,
      Class<P> primary, SecondaryToPrimaryMapper<Secret> toPrimaries, PrimaryToSecondaryMapper<P> toSecrets) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, primary)
        .withSecondaryToPrimaryMapper(toPrimaries)
        .withPrimaryToSecondaryMapper(toSecrets)
        .withItemStore(new LeanStore<>())
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The id of a Secret in a resource's namespace. */
  public static ResourceID id(String name, HasMetadata neighbour) {
    return new ResourceID(name, neighbour.getMetadata().getNamespace());
  }
}
