package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.runtime.SluiceJob;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.fixtures.Specs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quality rules on a real broker. The checked input feeds two INSERTs, so the planner plans the
 * rule expressions into more than one branch; rows fail one, two or three rules at once. Still
 * every violation is counted once per rule, and every failing row reaches its dead letter once.
 */
class QualityRulesTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobTestCluster.extension(1, 4);
  private static final KafkaBroker KAFKA = KafkaBroker.shared();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = 2000;

  @TempDir
  Path state;

  @Test
  void failingRowsAreDroppedOrDeadLetteredAndCountedOncePerRule() throws Exception {
    PipelinePlan plan = plan("quality", """
        sql: |
          INSERT INTO readings_copy SELECT * FROM readings;
          INSERT INTO readings_hot SELECT * FROM readings WHERE temperature > 30;
        quality:
          - {name: has_device, input: readings, expression: "device_id IS NOT NULL", action: drop}
          - {name: plausible_temperature, input: readings, expression: "temperature BETWEEN -60 AND 120",
             action: deadLetter, deadLetter: readings-rejected}
          - {name: battery_fraction, input: readings, expression: "battery IS NULL OR battery BETWEEN 0 AND 1",
             action: deadLetter, deadLetter: readings-rejected}
        """, List.of("readings-copy", "readings-hot"));
    List<Reading> readings = IntStream.range(0, ROWS).mapToObj(Reading::of).toList();
    KAFKA.produce("quality.readings", readings.stream().map(r -> Map.entry(Long.toString(r.id()), r.json())).toList());

    JobClient job = SluiceJob.start(plan, Map.of(), JobTestCluster.parallelism(2));
    try {
      List<Reading> passing = readings.stream().filter(Reading::passesAll).toList();
      Map<Long, String> rejected = new TreeMap<>();
      readings.stream().filter(r -> r.deadLetterRule() != null).forEach(r -> rejected.put(r.id(), r.deadLetterRule()));
      await().atMost(Duration.ofMinutes(2)).until(() -> ids("quality.readings-copy").size() >= passing.size()
          && rows("quality.readings-rejected").size() >= rejected.size());
      // Two more checkpoints: nothing else may appear.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ids("quality.readings-copy")
          .size() == passing.size() && rows("quality.readings-rejected").size() == rejected.size());

      assertEquals(ids(passing), ids("quality.readings-copy"));
      assertEquals(ids(passing.stream().filter(r -> r.temperature() != null && r.temperature() > 30).toList()),
          ids("quality.readings-hot"));
      Map<Long, String> deadLettered = new TreeMap<>();
      List<JsonNode> deadLetters = rows("quality.readings-rejected");
      deadLetters.forEach(row -> deadLettered.put(row.get("id").asLong(), row.get("sluice_rule").asText()));
      assertEquals(rejected.size(), deadLetters.size(), "each failing row reaches the dead letter once");
      assertEquals(rejected, deadLettered);
      Map<String, Long> expected = Map.of(
          "has_device", readings.stream().filter(r -> !r.hasDevice()).count(),
          "plausible_temperature", readings.stream().filter(r -> !r.plausibleTemperature()).count(),
          "battery_fraction", readings.stream().filter(r -> !r.batteryFraction()).count());
      await("the violations reach the REST API").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertEquals(expected, JobTestCluster.violations(FLINK, job.getJobID().toString())));
      assertTrue(readings.stream().anyMatch(r -> !r.hasDevice() && !r.plausibleTemperature() && !r.batteryFraction()),
          "some rows fail all three rules");
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aViolatedFailRuleFailsTheJobNamingTheRule() throws Exception {
    PipelinePlan plan = plan("strict", """
        sql: INSERT INTO readings_copy SELECT * FROM readings
        quality:
          - {name: has_device, input: readings, expression: "device_id IS NOT NULL", action: fail}
        """, List.of("readings-copy"));
    KAFKA.produce("strict.readings", List.of(Map.entry("1", Reading.of(1).json()), Map.entry("0", Reading.of(0).json())));

    JobClient job = SluiceJob.start(plan, Map.of(), JobTestCluster.parallelism(1));
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES));
    assertTrue(ExceptionUtils.findThrowableWithMessage(failure, "quality rule 'has_device' failed").isPresent(),
        () -> ExceptionUtils.stringifyException(failure));
  }

  /** A row of the test: which rules it fails follows from its id. */
  record Reading(long id, String deviceId, Double temperature, double battery) {

    static Reading of(long id) {
      Double temperature = id % 13 == 0 ? null : id % 7 == 0 ? 500.0 : (double) (id % 50 - 10);
      return new Reading(id, id % 10 == 0 ? null : "device-" + id % 17, temperature, id % 11 == 0 ? 2.0 : 0.5);
    }

    boolean hasDevice() {
      return deviceId != null;
    }

    /** A NULL temperature makes the expression NULL, and a rule fails on NULL. */
    boolean plausibleTemperature() {
      return temperature != null && temperature >= -60 && temperature <= 120;
    }

    boolean batteryFraction() {
      return battery >= 0 && battery <= 1;
    }

    boolean passesAll() {
      return hasDevice() && plausibleTemperature() && batteryFraction();
    }

    /** The first failing deadLetter rule in the Pipeline's order, or null. */
    String deadLetterRule() {
      return !plausibleTemperature() ? "plausible_temperature" : !batteryFraction() ? "battery_fraction" : null;
    }

    String json() {
      return "{\"id\":%d,\"device_id\":%s,\"temperature\":%s,\"battery\":%s,\"reading_time\":\"2024-05-01T10:00:00\"}"
          .formatted(id, deviceId == null ? "null" : "\"" + deviceId + "\"", temperature, battery);
    }
  }

  private PipelinePlan plan(String prefix, String pipelineYaml, List<String> outputs) {
    Map<String, DatasetSpec> datasets = new java.util.HashMap<>();
    for (String name : concat("readings", "readings-rejected", outputs)) {
      String topic = prefix + "." + name;
      KAFKA.createTopic(topic, 2);
      datasets.put(name, Specs.dataset("""
          connector:
            kafka: {topic: %s, bootstrapServers: "%s"}
          schema:
            columns:
              - {name: id, type: BIGINT}
              - {name: device_id, type: STRING}
              - {name: temperature, type: DOUBLE}
              - {name: battery, type: DOUBLE}
              - {name: reading_time, type: TIMESTAMP(3)}
              %s
          """.formatted(topic, KAFKA.bootstrapServers(),
          name.equals("readings-rejected") ? "- {name: sluice_rule, type: STRING}" : "")));
    }
    var spec = Specs.pipeline("""
        inputs: [readings]
        outputs: %s
        checkpointing: {interval: 1s}
        %s
        """.formatted(outputs, pipelineYaml));
    return PlanBuilder.build("test", prefix, spec, datasets, JobTestCluster.defaults(state)
        .withRestarts(1, Duration.ofMillis(100), Duration.ofMillis(100))).plan();
  }

  private static List<String> concat(String first, String second, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first, second));
    all.addAll(rest);
    return all;
  }

  private static Set<Long> ids(List<Reading> readings) {
    return readings.stream().map(Reading::id).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<Long> ids(String topic) {
    return rows(topic).stream().map(row -> row.get("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<JsonNode> rows(String topic) {
    return KAFKA.readCommitted(topic).stream().map(record -> {
      try {
        return JSON.readTree(record.value());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }
}
