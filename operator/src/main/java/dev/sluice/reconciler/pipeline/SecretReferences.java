package dev.sluice.reconciler.pipeline;

import dev.sluice.plan.SecretEnv;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * Checks that the Secrets a plan refers to exist with the keys it needs, before pods that would
 * fail to start are created. It reads only the keys' presence, never their values.
 */
public class SecretReferences {

  private final KubernetesClient client;

  public SecretReferences(KubernetesClient client) {
    this.client = client;
  }

  /** One message per missing Secret or key, saying what to create. */
  public List<String> missing(String namespace, List<SecretEnv> references) {
    return references.stream()
        .filter(reference -> !present(namespace, reference))
        .map(reference -> "Secret " + reference.secretName() + " with key " + reference.key()
            + " (named by a Dataset's spec.connector.kafka.credentials) does not exist in namespace " + namespace
            + "; create it")
        .distinct()
        .toList();
  }

  private boolean present(String namespace, SecretEnv reference) {
    Secret secret = client.secrets().inNamespace(namespace).withName(reference.secretName()).get();
    return secret != null && ((secret.getData() != null && secret.getData().containsKey(reference.key()))
        || (secret.getStringData() != null && secret.getStringData().containsKey(reference.key())));
  }
}
