package dev.sluice.flink;

import dev.sluice.observation.CompletedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the test cluster tells of its jobs that the REST API may not. */
class FlinkTestClusterTest {

  private static final String CHECKPOINT = "chk-";

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  /**
   * A stand-in job manager restores a killed job from its latest checkpoint, as Kubernetes HA does.
   * The operator's observation reads the job's checkpoints just before it deploys; one that
   * completes after that, before the kill, is missing from the REST API's statistics until their
   * cache expires, and the checkpoint they name instead was deleted when it completed.
   */
  @Test
  void theLatestCheckpointOfAKilledJobIsTheOneItKept() throws Exception {
    String jobId = FLINK.submit(TestJobs.countingJob("sluice/test/killed", Duration.ofMillis(50)));
    FlinkRestClient client = new FlinkRestClient();
    // A job just submitted may answer 500 until its execution graph exists.
    CompletedCheckpoint observed = await().atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(FlinkRestException.class)
        .until(() -> client.checkpoints(FLINK.endpoint(), jobId).latestCompleted(), Optional::isPresent)
        .orElseThrow();
    // The checkpoint after next starts only once the next one completed.
    Path checkpoints = Path.of(URI.create(observed.externalPath().orElseThrow())).getParent();
    await().atMost(Duration.ofSeconds(10)).until(() -> newest(checkpoints) >= observed.id() + 2);
    FLINK.cancel(jobId);

    Path kept = Path.of(URI.create(FLINK.latestCheckpoint(jobId).orElseThrow()));
    assertTrue(Files.exists(kept.resolve("_metadata")), kept + " was deleted");
    assertTrue(id(kept) > observed.id(),
        kept + " is not newer than checkpoint " + observed.id() + ", which the REST API showed before the kill");
  }

  /** The id of the newest checkpoint directory, complete or not, in a job's checkpoint directory. */
  private static long newest(Path checkpoints) throws IOException {
    try (Stream<Path> directories = Files.list(checkpoints)) {
      return directories.filter(path -> path.getFileName().toString().startsWith(CHECKPOINT))
          .mapToLong(FlinkTestClusterTest::id).max().orElse(0);
    }
  }

  private static long id(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring(CHECKPOINT.length()));
  }
}
