package dev.sluice.runtime;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.fixtures.Specs;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Kafka to Kafka job checkpoints every second while input keeps arriving and its only task
 * manager is killed three times, each time with a transaction open. A read_committed consumer
 * then sees every input record in the sink exactly once.
 */
class ExactlyOnceAcrossFailuresTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobTestCluster.extension(1, 4);
  private static final KafkaBroker KAFKA = KafkaBroker.shared();
  // Small batches often, so that a transaction open at a kill almost surely holds records.
  private static final int BATCH = 50;
  private static final int MAX_BATCHES = 2000;
  private static final int KILLS = 3;

  @TempDir
  Path state;

  @Test
  void everyRecordIsCommittedOnceThoughTheTaskManagerDies(@InjectMiniCluster MiniCluster cluster) throws Exception {
    JobClient job = SluiceJob.start(plan(), Map.of(), JobTestCluster.parallelism(2));
    // Input keeps flowing until the last kill, however long restarts take on a busy machine, so
    // that every kill meets a transaction holding records.
    AtomicBoolean killing = new AtomicBoolean(true);
    CompletableFuture<Integer> input = CompletableFuture.supplyAsync(() -> produceWhile(killing));
    try {
      for (int kill = 0; kill < KILLS; kill++) {
        int committedBefore = KAFKA.readCommitted("eo.out").size();
        // A checkpoint after the last restart committed more output: the job runs again.
        await().atMost(Duration.ofMinutes(1)).until(() -> KAFKA.readCommitted("eo.out").size() > committedBefore);
        Thread.sleep(600); // into the next checkpoint interval, while a transaction holds uncommitted records
        cluster.terminateTaskManager(kill).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();
      }
      killing.set(false);
      int records = input.get(2, TimeUnit.MINUTES);
      await().atMost(Duration.ofMinutes(2)).until(() -> KAFKA.readCommitted("eo.out").size() >= records);
      // More checkpoints: nothing else may appear.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> KAFKA.readCommitted("eo.out").size() == records);

      List<String> keys = KAFKA.readCommitted("eo.out").stream().map(ConsumerRecord::value)
          .map(value -> value.substring(value.indexOf("\"id\":\"") + 6, value.indexOf("\",")))
          .toList();
      assertEquals(records, keys.size(), "committed records in the sink");
      assertEquals(IntStream.range(0, records).mapToObj(i -> "k" + i).collect(Collectors.toSet()), Set.copyOf(keys));
      assertTrue(KAFKA.readUncommitted("eo.out").size() > records,
          "the kills aborted transactions that held records, which were written again");
      assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
    } finally {
      job.cancel().get();
    }
  }

  /** Produces a batch every 50 ms while {@code flowing}, then one last batch; returns the count. */
  private static int produceWhile(AtomicBoolean flowing) {
    int batches = 0;
    do {
      int first = batches * BATCH;
      KAFKA.produce("eo.in", IntStream.range(first, first + BATCH)
          .mapToObj(i -> Map.entry("k" + i, "{\"id\":\"k" + i + "\",\"n\":" + i + "}")).toList());
      batches++;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (flowing.get() && batches < MAX_BATCHES);
    return batches * BATCH;
  }

  private PipelinePlan plan() {
    KAFKA.createTopic("eo.in", 2);
    KAFKA.createTopic("eo.out", 2);
    DatasetSpec in = Specs.dataset("""
        connector:
          kafka: {topic: eo.in, bootstrapServers: "%s"}
        schema:
          columns: [{name: id, type: STRING}, {name: n, type: BIGINT}]
        """.formatted(KAFKA.bootstrapServers()));
    DatasetSpec out = Specs.dataset("""
        connector:
          kafka: {topic: eo.out, bootstrapServers: "%s"}
        schema:
          columns: [{name: id, type: STRING}, {name: n, type: BIGINT}, {name: doubled, type: BIGINT}]
        """.formatted(KAFKA.bootstrapServers()));
    return PlanBuilder.build("test", "exactly-once", Specs.pipeline("""
            inputs: [in]
            outputs: [out]
            sql: INSERT INTO `out` SELECT id, n, n * 2 FROM `in`
            checkpointing: {interval: 1s, mode: exactly-once}
            """), Map.of("in", in, "out", out), JobTestCluster.defaults(state)).plan();
  }
}
