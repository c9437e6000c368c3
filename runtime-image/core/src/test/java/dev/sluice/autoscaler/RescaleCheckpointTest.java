package dev.sluice.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RescaleCheckpointTest {

  private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

  private static Instant at(long seconds) {
    return START.plusSeconds(seconds);
  }

  /** A job seen running at 2 from the start, with slots read as given at each look's second. */
  private static RescaleCheckpoint.Running looks(int parallelism, long[] seconds, OptionalInt[] slots) {
    Optional<RescaleCheckpoint.Running> job = Optional.empty();
    for (int look = 0; look < seconds.length; look++) {
      job = Optional.of(RescaleCheckpoint.track(job, parallelism, slots[look], at(seconds[look])));
    }
    return job.orElseThrow();
  }

  @Test
  void aJobUsingEverySlotWaitsForNothing() {
    var job = looks(2, new long[] {0, 60}, new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(2)});
    assertTrue(job.waiting().isEmpty());
    assertEquals(at(0), job.runningSince(), "the job has run at 2 since the first look");
  }

  @Test
  void slotsProvisionedButNotYetJoinedAreAWaitForTheTaskManagersSinceTheFirstLookThatSawIt() {
    var job = looks(2, new long[] {0, 60, 62}, new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(2),
        OptionalInt.of(2)});
    assertTrue(job.waiting().isEmpty());
    assertEquals(Optional.of(at(60)), job.joiningSince());

    var joined = RescaleCheckpoint.track(Optional.of(job), 2, OptionalInt.of(4), at(64));
    assertTrue(joined.joiningSince().isEmpty());
    assertEquals(at(64), joined.waiting().orElseThrow().slotsSince());
  }

  @Test
  void theCheckpointIsDueOnceFlinksStabilisationAfterTheNewSlotsIsOver() {
    var job = looks(2, new long[] {0, 60, 65}, new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(4),
        OptionalInt.of(4)});
    RescaleCheckpoint wait = job.waiting().orElseThrow();
    assertEquals(at(60), wait.slotsSince(), "the wait counts from the look that first saw the new slots");
    assertEquals(at(60).plus(RescaleCheckpoint.STABILIZATION), wait.stabilisedAt());
    assertFalse(wait.due(at(65), false), "a checkpoint completing before then would not start the rescale");
    assertTrue(wait.due(at(70), false));
  }

  @Test
  void noRescaleIsStartedWithinTheCooldownAfterTheJobStarted() {
    var job = looks(2, new long[] {0, 5}, new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(4)});
    RescaleCheckpoint wait = job.waiting().orElseThrow();
    assertEquals(at(0).plus(RescaleCheckpoint.COOLDOWN), wait.stabilisedAt(),
        "30 s after the start is later than 10 s after the slots");
    assertFalse(wait.due(at(20), false));
    assertTrue(wait.due(at(30), false));
  }

  @Test
  void aCheckpointUnderWayIsWaitedForBecauseItsCompletionStartsTheRescale() {
    var wait = looks(2, new long[] {0, 60}, new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(4)})
        .waiting().orElseThrow();
    assertFalse(wait.due(at(75), true));
    assertTrue(wait.due(at(75), false));
  }

  @Test
  void oneCheckpointIsAskedForPerWaitAndANewParallelismStartsAfresh() {
    var job = looks(2, new long[] {0, 60}, new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(4)})
        .requested(at(72));
    var later = RescaleCheckpoint.track(Optional.of(job), 2, OptionalInt.of(4), at(80));
    assertFalse(later.waiting().orElseThrow().due(at(80), false), "already asked for at 72 s");
    assertEquals(at(60), later.waiting().orElseThrow().slotsSince());

    var rescaled = RescaleCheckpoint.track(Optional.of(later), 4, OptionalInt.of(8), at(95));
    assertEquals(at(95), rescaled.runningSince(), "a new parallelism is a restart, and a new cooldown");
    RescaleCheckpoint next = rescaled.waiting().orElseThrow();
    assertTrue(next.requestedAt().isEmpty());
    assertEquals(at(95).plus(RescaleCheckpoint.COOLDOWN), next.stabilisedAt());
  }

  @Test
  void theReasonNamesTheSlotsTheJobAndTheIntervalItWouldHaveWaited() {
    var wait = looks(2, new long[] {0, 60}, new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(4)})
        .waiting().orElseThrow();
    assertEquals("the job runs on 2 of the 4 slots the cluster has; Flink rescales onto the others when a checkpoint "
        + "completes, asked for now rather than at the periodic one (every 30s); the new slots joined 12s ago",
        wait.reason(at(72), Duration.ofSeconds(30)));
  }
}
