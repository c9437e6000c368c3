package dev.sluice.local;

import dev.sluice.fixtures.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.Manifests;
import dev.sluice.fixtures.Examples;
import dev.sluice.fixtures.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local Kafka example on sluice run's embedded broker, counted: what a read_committed consumer
 * sees on the output topic is every order of the input topic, once. A second run in the same
 * directory finds the topics as the first left them and resumes the checking pipeline from the
 * savepoint it was stopped with, so it goes on where it stopped rather than read everything again.
 */
@Scenario
class LocalKafkaTest {

  private static final int ORDERS = 500;

  @TempDir
  Path temp;

  @Test
  void ordersGoThroughLocalTopicsExactlyOnceAndASecondRunResumes() throws Exception {
    Path example = Files.createDirectories(temp.resolve("local-kafka"));
    for (Path file : Files.list(Examples.directory().resolve("local-kafka")).filter(Files::isRegularFile).toList()) {
      Files.writeString(example.resolve(file.getFileName()), Files.readString(file)
          .replace("rowsPerSecond: 50", "rowsPerSecond: 100\n      numberOfRows: " + ORDERS));
    }

    String first = run(example, "45s");
    assertTrue(first.contains("Local Kafka topics [orders, orders-checked] are served at 127.0.0.1:"), first);
    assertTrue(first.contains("Stopped orders-check with a savepoint"), first);
    List<Long> input;
    List<Long> output;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(example.resolve(".sluice/kafka"))) {
      input = orderIds(kafka, "orders");
      output = orderIds(kafka, "orders-checked");
    }
    assertEquals(LongStream.rangeClosed(1, ORDERS).boxed().toList(), input, "the log survived the run");
    assertEquals(input, output, "every order once, read_committed");

    String second = run(example, "45s");
    assertTrue(second.contains("Resuming orders-check from the savepoint it was stopped with: "), second);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(example.resolve(".sluice/kafka"))) {
      input = orderIds(kafka, "orders");
      output = orderIds(kafka, "orders-checked");
    }
    assertEquals(2 * ORDERS, input.size(), "the feed ran again from the start: " + second);
    assertEquals(input, output, "the resumed check read only the new orders: " + second);
  }

  private String run(Path directory, String duration) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit = new SluiceRun(RunOptions.parse("run", directory.toString(), "--for", duration).orElseThrow(),
        new PrintStream(output, true, StandardCharsets.UTF_8), false, new CountDownLatch(1)).run();
    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed);
    return printed;
  }

  /** The order ids of a topic, sorted, as a read_committed consumer sees them. */
  private static List<Long> orderIds(EmbeddedKafka kafka, String topic) throws Exception {
    List<ConsumerRecord<String, String>> records = KafkaBroker.readCommitted(kafka.bootstrapServers(), topic);
    return records.stream().map(record -> readTree(record.value()).path("order_id").asLong()).sorted().toList();
  }

  private static JsonNode readTree(String json) {
    try {
      return Manifests.yaml().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(json, e);
    }
  }
}
