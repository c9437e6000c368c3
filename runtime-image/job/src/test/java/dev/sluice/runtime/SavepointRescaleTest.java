package dev.sluice.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.fixtures.Specs;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A running count per key survives a savepoint: the job is stopped with a savepoint at
 * parallelism 2 and restored from it at parallelism 4, and the counts go on from where they were.
 */
class SavepointRescaleTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobTestCluster.extension(1, 4);
  private static final KafkaBroker KAFKA = KafkaBroker.shared();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEYS = 10;

  @TempDir
  Path state;

  @Test
  void keyedCountsContinueAfterRestoringAtAnotherParallelism(@InjectMiniCluster MiniCluster cluster) throws Exception {
    PipelinePlan plan = plan();
    // Key j gets 10 * (j + 1) records before the savepoint and 5 after it.
    Map<String, Long> before = new TreeMap<>();
    Map<String, Long> after = new TreeMap<>();
    for (int j = 0; j < KEYS; j++) {
      before.put("key" + j, 10L * (j + 1));
      after.put("key" + j, 10L * (j + 1) + 5);
    }

    JobClient first = SluiceJob.start(plan, Map.of(), JobTestCluster.parallelism(2));
    produce(before);
    await().atMost(Duration.ofMinutes(1)).until(() -> latestCounts().equals(before));
    String savepoint = first.stopWithSavepoint(false, state.resolve("savepoints").toUri().toString(),
        SavepointFormatType.CANONICAL).get(1, TimeUnit.MINUTES);

    Configuration restore = JobTestCluster.parallelism(4);
    restore.setString("execution.state-recovery.path", savepoint);
    JobClient second = SluiceJob.start(plan, Map.of(), restore);
    try {
      for (AccessExecutionJobVertex vertex : cluster.getExecutionGraph(second.getJobID()).get().getAllVertices().values()) {
        assertEquals(4, vertex.getParallelism(), vertex.getName());
      }
      Map<String, Long> fivePerKey = new TreeMap<>();
      before.keySet().forEach(key -> fivePerKey.put(key, 5L));
      produce(fivePerKey);
      await().atMost(Duration.ofMinutes(1)).until(() -> latestCounts().equals(after));
      // More checkpoints: the counts stay.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> latestCounts().equals(after));
    } finally {
      second.cancel().get();
    }
  }

  private static void produce(Map<String, Long> recordsPerKey) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    recordsPerKey.forEach((key, count) -> IntStream.range(0, count.intValue())
        .forEach(i -> records.add(Map.entry(key, "{\"k\":\"" + key + "\"}"))));
    KAFKA.produce("sp.in", records);
  }

  /** The last committed count of each key in the upsert topic. */
  private static Map<String, Long> latestCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (ConsumerRecord<String, String> record : KAFKA.readCommitted("sp.counts")) {
      JsonNode row = parse(record.value());
      counts.put(row.get("k").asText(), row.get("n").asLong());
    }
    return counts;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PipelinePlan plan() {
    KAFKA.createTopic("sp.in", 4);
    KAFKA.createTopic("sp.counts", 1);
    DatasetSpec in = Specs.dataset("""
        connector:
          kafka: {topic: sp.in, bootstrapServers: "%s", startupMode: earliest-offset}
        schema:
          columns: [{name: k, type: STRING}]
        """.formatted(KAFKA.bootstrapServers()));
    DatasetSpec counts = Specs.dataset("""
        connector:
          kafka: {topic: sp.counts, bootstrapServers: "%s"}
        schema:
          columns: [{name: k, type: STRING, nullable: false}, {name: n, type: BIGINT}]
          primaryKey: [k]
        """.formatted(KAFKA.bootstrapServers()));
    return PlanBuilder.build("test", "counts", Specs.pipeline("""
            inputs: [in]
            outputs: [counts]
            sql: INSERT INTO counts SELECT k, COUNT(*) FROM `in` GROUP BY k
            checkpointing: {interval: 1s}
            """), Map.of("in", in, "counts", counts), JobTestCluster.defaults(state)).plan();
  }
}
