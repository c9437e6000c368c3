package dev.sluice.kafka;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.dataset.StartupMode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far a consumer group is behind a Dataset's topic, from the brokers through Kafka's admin
 * client: the records between the group's committed offset and the end of each partition, summed.
 * The end is the last stable offset, since Sluice's sources read committed records only. Flink's
 * Kafka source commits its offsets when a checkpoint completes, so this figure trails Flink's own
 * by up to one checkpoint interval of input. It commits nothing for a partition it has not read
 * from yet; such a partition counts from its earliest offset, where the source starts it.
 */
public class ConsumerGroupLag {

  /** Short: it is read on every observation, and brokers that do not answer must not hold it up. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupLag.class);

  private final KafkaAdmins admins;

  public ConsumerGroupLag(KafkaAdmins admins) {
    this.admins = admins;
  }

  /**
   * The group's lag on the topic; empty when the brokers do not answer within {@link #TIMEOUT}, the
   * credentials cannot be read, or a partition has no commit and the source starts at the latest
   * offset, which has moved on since.
   */
  public OptionalLong records(String namespace, KafkaConnector kafka, String group, SecretLookup secrets) {
    Admin admin;
    try {
      admin = admins.admin(namespace, kafka, secrets);
    } catch (IllegalStateException | KafkaException e) {
      LOG.debug("No consumer group lag for topic {}: {}", kafka.topic(), e.getMessage());
      return OptionalLong.empty();
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try {
      var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
      List<TopicPartition> partitions = await(admin.describeTopics(List.of(kafka.topic())).allTopicNames(), deadline)
          .get(kafka.topic()).partitions().stream()
          .map(partition -> new TopicPartition(kafka.topic(), partition.partition()))
          .toList();
      Map<TopicPartition, OffsetAndMetadata> positions = await(committed, deadline);
      boolean allCommitted = partitions.stream().allMatch(positions::containsKey);
      if (!allCommitted && kafka.startupMode() == StartupMode.LATEST_OFFSET) {
        return OptionalLong.empty();
      }
      Map<TopicPartition, Long> starts = allCommitted ? Map.of() : offsets(admin, partitions, OffsetSpec.earliest(),
          deadline);
      Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest(), deadline);
      long total = 0;
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata position = positions.get(partition);
        long start = position != null ? position.offset() : starts.get(partition);
        // A topic deleted and created again can end before an old commit.
        total += Math.max(0, ends.get(partition) - start);
      }
      return OptionalLong.of(total);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      LOG.debug("No consumer group lag for group {} on topic {} at {}: {}", group, kafka.topic(),
          kafka.bootstrapServers(), e.getMessage());
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** Offsets as a read_committed consumer sees them: the latest is the last stable offset. */
  private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec,
      long deadline) throws ExecutionException, TimeoutException, InterruptedException {
    var offsets = admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)),
        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all();
    return await(offsets, deadline).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
  }

  private static <T> T await(KafkaFuture<T> future, long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
