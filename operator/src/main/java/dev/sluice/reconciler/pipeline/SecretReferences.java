package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.kafka.SecretLookup;
import dev.sluice.plan.SecretEnv;
import dev.sluice.reconciler.DatasetSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that the Secrets a plan refers to exist with the keys it needs, before pods that would
 * fail to start are created. It reads only the keys' presence, never their values, from the
 * informer on the Secrets that the Pipeline's Datasets name; creating a missing one reconciles the
 * Pipeline at once.
 */
final class SecretReferences {

  private SecretReferences() {
  }

  /** The Secret informer, mapping each Secret to the Pipelines whose Datasets name it. */
  static InformerEventSource<Secret, Pipeline> source(EventSourceContext<Pipeline> context,
      InformerEventSource<Dataset, Pipeline> datasets) {
    return DatasetSecrets.source(context, Pipeline.class,
        secret -> context.getPrimaryCache().list(secret.getMetadata().getNamespace())
            .filter(pipeline -> named(pipeline, datasets).contains(secret.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()),
        (Pipeline pipeline) -> named(pipeline, datasets).stream()
            .map(name -> DatasetSecrets.id(name, pipeline))
            .collect(Collectors.toSet()));
  }

  private static Set<String> named(Pipeline pipeline, InformerEventSource<Dataset, Pipeline> datasets) {
    return pipeline.getSpec().namedDatasets().stream()
        .map(name -> datasets.get(new ResourceID(name, pipeline.getMetadata().getNamespace())))
        .flatMap(Optional::stream)
        .map(DatasetSecrets::named)
        .flatMap(Optional::stream)
        .collect(Collectors.toSet());
  }

  /** One message per missing Secret or key, saying what to create. */
  static List<String> missing(String namespace, List<SecretEnv> references, SecretLookup secrets) {
    return references.stream()
        .filter(reference -> !present(reference, secrets))
        .map(reference -> "Secret " + reference.secretName() + " with key " + reference.key()
            + " (named by a Dataset's spec.connector.kafka.credentials) does not exist in namespace " + namespace
            + "; create it")
        .distinct()
        .toList();
  }

  private static boolean present(SecretEnv reference, SecretLookup secrets) {
    return secrets.secret(reference.secretName())
        .filter(secret -> (secret.getData() != null && secret.getData().containsKey(reference.key()))
            || (secret.getStringData() != null && secret.getStringData().containsKey(reference.key())))
        .isPresent();
  }
}
