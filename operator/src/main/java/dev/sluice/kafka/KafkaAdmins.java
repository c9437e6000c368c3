package dev.sluice.kafka;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.dataset.KafkaCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka admin clients for Datasets: the Dataset's bootstrap servers and client properties, and
 * the SASL credentials of the Secret it references, read into the client's memory only.
 */
public class KafkaAdmins {

  private final KubernetesClient client;

  public KafkaAdmins(KubernetesClient client) {
    this.client = client;
  }

  /**
   * An admin client whose calls give up after {@code timeout}. The caller closes it.
   *
   * @throws IllegalStateException when the referenced Secret or one of its keys is missing; the
   *     message names the field and the fix
   * @throws org.apache.kafka.common.KafkaException when no bootstrap server resolves
   */
  Admin create(String namespace, KafkaConnector kafka, Duration timeout) {
    Map<String, Object> config = new HashMap<>(kafka.properties());
    int millis = Math.toIntExact(timeout.toMillis());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-operator");
    var credentials = kafka.credentials();
    if (credentials != null) {
      Secret secret = client.secrets().inNamespace(namespace).withName(credentials.secretName()).get();
      if (secret == null) {
        throw new IllegalStateException("Secret " + credentials.secretName() + " (spec.connector.kafka.credentials"
            + ".secretName) does not exist in namespace " + namespace + "; create it");
      }
      String module = credentials.mechanism() == KafkaCredentials.SaslMechanism.PLAIN
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, credentials.securityProtocol().name());
      config.put(SaslConfigs.SASL_MECHANISM, credentials.mechanism().name().replace('_', '-'));
      config.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + value(secret, credentials.usernameKey())
          + "\" password=\"" + value(secret, credentials.passwordKey()) + "\";");
    }
    return Admin.create(config);
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() == null || !secret.getData().containsKey(key)) {
      throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " has no key " + key
          + " (spec.connector.kafka.credentials); add it");
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
