package dev.sluice.reconciler.dataset;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.kafka.KafkaAdmins;
import dev.sluice.kafka.SecretLookup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the brokers, with Kafka's admin client, whether a Dataset's topic exists with its declared
 * partition count.
 */
public class TopicChecker {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final KafkaAdmins admins;

  public TopicChecker(KafkaAdmins admins) {
    this.admins = admins;
  }

  public TopicCheck check(String namespace, KafkaConnector kafka, SecretLookup secrets) {
    Admin admin;
    try {
      admin = admins.admin(namespace, kafka, secrets);
    } catch (IllegalStateException e) {
      return new TopicCheck(false, DatasetReason.SecretMissing, e.getMessage());
    } catch (KafkaException e) {
      return unreachable(kafka, e.getMessage());
    }
    try {
      TopicDescription topic = admin.describeTopics(List.of(kafka.topic())).allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(kafka.topic());
      int partitions = topic.partitions().size();
      if (partitions != kafka.partitions()) {
        return new TopicCheck(false, DatasetReason.PartitionMismatch, "topic " + kafka.topic() + " has " + partitions
            + " partitions but spec.connector.kafka.partitions says " + kafka.partitions()
            + "; correct the field, or add partitions to the topic");
      }
      return new TopicCheck(true, DatasetReason.TopicFound, "topic " + kafka.topic() + " has " + partitions + " partitions");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return new TopicCheck(false, DatasetReason.TopicNotFound, "topic " + kafka.topic() + " does not exist on "
            + kafka.bootstrapServers() + "; create it with " + kafka.partitions() + " partitions");
      }
      return unreachable(kafka, e.getCause().getMessage());
    } catch (TimeoutException e) {
      return unreachable(kafka, "no answer within " + TIMEOUT.toMillis() + " ms");
    } catch (KafkaException e) {
      return unreachable(kafka, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable(kafka, "interrupted");
    }
  }

  private static TopicCheck unreachable(KafkaConnector kafka, String why) {
    return new TopicCheck(false, DatasetReason.BrokersUnreachable, "cannot reach the brokers at "
        + kafka.bootstrapServers() + " (spec.connector.kafka.bootstrapServers): " + why);
  }
}
