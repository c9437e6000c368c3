package dev.sluice.flink;

import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.flink.RestMessages.CheckpointingStatistics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parsing a response recorded from a Flink 2.2 MiniCluster after a savepoint into an unwritable
 * directory failed (its history trimmed to seven entries): a failed savepoint is not a failed
 * checkpoint. Expired checkpoints are counted against the live cluster in FlinkRestClientTest.
 */
class RestMappingTest {

  @Test
  void aFailedSavepointIsNeitherTheLatestFailedCheckpointNorAFailureInARow() throws IOException {
    CheckpointStats stats = RestMapping.checkpointStats(recorded("checkpoints-after-failed-savepoint.json"));

    assertEquals(38, stats.completed());
    assertEquals(Optional.empty(), stats.latestFailed());
    assertEquals(0, stats.failuresSinceLastCompleted());
    CompletedCheckpoint savepoint = stats.latestSavepoint().orElseThrow();
    assertEquals(Instant.ofEpochMilli(1795503046917L), savepoint.triggerTime(),
        "the savepoint that completed, not the later one that failed");
    assertEquals(26, savepoint.id());
    assertEquals(Optional.of("file:/tmp/cp2493824829011129567/sp/savepoint-4af833-ab960083df3f"),
        savepoint.externalPath());
    CompletedCheckpoint latest = stats.latestCompleted().orElseThrow();
    assertEquals(39, latest.id());
    assertEquals(Instant.ofEpochMilli(1795503052897L), latest.triggerTime());
    assertEquals(Instant.ofEpochMilli(1795503052910L), latest.completionTime());
    assertEquals(Duration.ofMillis(13), latest.duration());
    assertEquals(2706, latest.stateSizeBytes());
    assertEquals(Optional.of("file:/tmp/cp2493824829011129567/cp/4af833b4ddefeaf1bfad3713972cb690/chk-39"),
        latest.externalPath());
  }

  private static CheckpointingStatistics recorded(String name) throws IOException {
    try (InputStream json = RestMappingTest.class.getResourceAsStream("/flink-2.2/" + name)) {
      return RestCalls.JSON.readValue(json, CheckpointingStatistics.class);
    }
  }
}
