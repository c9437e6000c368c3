package dev.sluice.kafka;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.dataset.StartupMode;
import dev.sluice.fixtures.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A consumer group's lag, read with the admin client from a real broker. */
class ConsumerGroupLagTest {

  private static KafkaBroker kafka;
  private static ConsumerGroupLag lag;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.shared();
    lag = new ConsumerGroupLag(new KafkaAdmins(Clock.systemUTC()));
  }

  @Test
  void countsTheRecordsAfterTheCommittedOffsetsOfEveryPartition() {
    kafka.createTopic("lag.orders", 3);
    produce("lag.orders", Map.of(0, 10, 1, 20, 2, 30));
    commit("lag.orders", "orders-reader", Map.of(0, 10L, 1, 5L, 2, 0L));
    assertEquals(OptionalLong.of(15 + 30), lag.records("default", topic("lag.orders"), "orders-reader", SecretLookup.NONE));

    commit("lag.orders", "orders-reader", Map.of(0, 10L, 1, 20L, 2, 30L));
    assertEquals(OptionalLong.of(0), lag.records("default", topic("lag.orders"), "orders-reader", SecretLookup.NONE));
  }

  @Test
  void recordsOfOpenTransactionsAreNotYetLag() {
    kafka.createTopic("lag.payments", 1);
    produce("lag.payments", Map.of(0, 4));
    commit("lag.payments", "payments-reader", Map.of(0, 1L));
    try (KafkaProducer<String, String> transactional = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-test-open"), new StringSerializer(), new StringSerializer())) {
      transactional.initTransactions();
      transactional.beginTransaction();
      for (int i = 0; i < 7; i++) {
        transactional.send(new ProducerRecord<>("lag.payments", 0, "k", "open"));
      }
      transactional.flush();
      assertEquals(OptionalLong.of(3), lag.records("default", topic("lag.payments"), "payments-reader", SecretLookup.NONE),
          "a read_committed source cannot read them yet");
      transactional.abortTransaction();
    }
  }

  @Test
  void aPartitionWithoutACommitCountsFromWhereTheSourceStartsIt() {
    kafka.createTopic("lag.clicks", 2);
    produce("lag.clicks", Map.of(0, 3, 1, 4));
    assertEquals(OptionalLong.of(7), lag.records("default", topic("lag.clicks"), "new-group", SecretLookup.NONE),
        "a new group reads everything from the earliest offsets");
    commit("lag.clicks", "half-committed", Map.of(0, 1L));
    assertEquals(OptionalLong.of(2 + 4), lag.records("default", topic("lag.clicks"), "half-committed", SecretLookup.NONE));

    KafkaConnector fromLatest = new KafkaConnector("lag.clicks", kafka.bootstrapServers(), 2,
        StartupMode.LATEST_OFFSET, null, null, null, null);
    assertEquals(OptionalLong.empty(), lag.records("default", fromLatest, "half-committed", SecretLookup.NONE),
        "where a source that starts at the latest offset started is not known");
  }

  @Test
  void unknownWhenTheBrokersDoNotAnswer() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    KafkaConnector nowhere = new KafkaConnector("lag.orders", "127.0.0.1:" + closedPort, 1, null, null, null, null,
        null);
    assertEquals(OptionalLong.empty(), lag.records("default", nowhere, "orders-reader", SecretLookup.NONE));
    KafkaConnector unresolvable = new KafkaConnector("lag.orders", "no-such-broker.invalid:9092", 1, null, null, null,
        null, null);
    assertEquals(OptionalLong.empty(), lag.records("default", unresolvable, "orders-reader", SecretLookup.NONE));
  }

  private static KafkaConnector topic(String topic) {
    return new KafkaConnector(topic, kafka.bootstrapServers(), 1, null, null, null, null, null);
  }

  private static void produce(String topic, Map<Integer, Integer> recordsPerPartition) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      recordsPerPartition.forEach((partition, count) -> {
        for (int i = 0; i < count; i++) {
          producer.send(new ProducerRecord<>(topic, partition, "k", "v" + i));
        }
      });
      producer.flush();
    }
  }

  /** Commits offsets for the group as Flink's Kafka source does: assigned partitions, no group membership. */
  private static void commit(String topic, String group, Map<Integer, Long> offsets) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
      Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
      offsets.forEach((partition, offset) -> commits.put(new TopicPartition(topic, partition),
          new OffsetAndMetadata(offset)));
      consumer.assign(commits.keySet());
      consumer.commitSync(commits);
    }
  }
}
