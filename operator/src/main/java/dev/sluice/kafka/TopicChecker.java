package dev.sluice.kafka;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.dataset.KafkaCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the brokers, with Kafka's admin client, whether a Dataset's topic exists with its declared
 * partition count. Credentials are read from the referenced Secret into the client's memory only.
 */
public class TopicChecker {

  private static final int TIMEOUT_MILLIS = 5_000;

  private final KubernetesClient client;

  public TopicChecker(KubernetesClient client) {
    this.client = client;
  }

  public TopicCheck check(String namespace, KafkaConnector kafka) {
    Map<String, Object> config;
    try {
      config = adminConfig(namespace, kafka);
    } catch (IllegalStateException e) {
      return new TopicCheck(false, "SecretMissing", e.getMessage());
    }
    try (Admin admin = Admin.create(config)) {
      TopicDescription topic = admin.describeTopics(List.of(kafka.topic())).allTopicNames()
          .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).get(kafka.topic());
      int partitions = topic.partitions().size();
      if (partitions != kafka.partitions()) {
        return new TopicCheck(false, "PartitionMismatch", "topic " + kafka.topic() + " has " + partitions
            + " partitions but spec.connector.kafka.partitions says " + kafka.partitions()
            + "; correct the field, or add partitions to the topic");
      }
      return new TopicCheck(true, "TopicFound", "topic " + kafka.topic() + " has " + partitions + " partitions");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return new TopicCheck(false, "TopicNotFound", "topic " + kafka.topic() + " does not exist on "
            + kafka.bootstrapServers() + "; create it with " + kafka.partitions() + " partitions");
      }
      return unreachable(kafka, e.getCause().getMessage());
    } catch (TimeoutException e) {
      return unreachable(kafka, "no answer within " + TIMEOUT_MILLIS + " ms");
    } catch (KafkaException e) {
      return unreachable(kafka, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable(kafka, "interrupted");
    }
  }

  private static TopicCheck unreachable(KafkaConnector kafka, String why) {
    return new TopicCheck(false, "BrokersUnreachable", "cannot reach the brokers at "
        + kafka.bootstrapServers() + " (spec.connector.kafka.bootstrapServers): " + why);
  }

  private Map<String, Object> adminConfig(String namespace, KafkaConnector kafka) {
    Map<String, Object> config = new HashMap<>(kafka.properties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
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
    return config;
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() == null || !secret.getData().containsKey(key)) {
      throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " has no key " + key
          + " (spec.connector.kafka.credentials); add it");
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
