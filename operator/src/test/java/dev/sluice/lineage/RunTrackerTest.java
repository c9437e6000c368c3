package dev.sluice.lineage;

import dev.sluice.lineage.RunTracker.Due;
import dev.sluice.lineage.RunTracker.Sighting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.openlineage.client.OpenLineage.RunEvent.EventType.ABORT;
import static io.openlineage.client.OpenLineage.RunEvent.EventType.COMPLETE;
import static io.openlineage.client.OpenLineage.RunEvent.EventType.FAIL;
import static io.openlineage.client.OpenLineage.RunEvent.EventType.RUNNING;
import static io.openlineage.client.OpenLineage.RunEvent.EventType.START;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RunTrackerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final RunTracker runs = new RunTracker(Duration.ofSeconds(60));

  @Test
  void aRunStartsWhenItsJobRunsAndReportsAtMostOncePerInterval() {
    assertEquals(List.of(), runs.observe(seen("a", "CREATED"), T0), "not running yet");
    assertEquals(List.of(new Due(START, "a", null)), runs.observe(seen("a", "RUNNING"), T0.plusSeconds(1)));
    assertEquals(List.of(), runs.observe(seen("a", "RUNNING"), T0.plusSeconds(60)));
    assertEquals(List.of(new Due(RUNNING, "a", null)), runs.observe(seen("a", "RUNNING"), T0.plusSeconds(61)));
    assertEquals(List.of(), runs.observe(seen("a", "RUNNING"), T0.plusSeconds(62)));
  }

  @Test
  void aSavepointStopCompletesTheRunAndTheNextJobStartsAnother() {
    runs.observe(seen("a", "RUNNING"), T0);
    // The look at the job came before the savepoint was written: the job still showed running.
    assertEquals(List.of(new Due(COMPLETE, "a", null)),
        runs.observe(new Sighting("a", "RUNNING", null, "a"), T0.plusSeconds(5)));
    assertEquals(List.of(), runs.observe(new Sighting("a", "FINISHED", null, "a"), T0.plusSeconds(6)),
        "an ended run is neither started nor ended again");
    assertEquals(List.of(new Due(START, "b", null)),
        runs.observe(new Sighting("b", "RUNNING", null, "a"), T0.plusSeconds(7)));
  }

  @Test
  void terminalFlinkStatesEndTheRunAsOpenLineageSays() {
    runs.observe(seen("a", "RUNNING"), T0);
    assertEquals(List.of(new Due(FAIL, "a", "java.lang.ArithmeticException: / by zero")),
        runs.observe(new Sighting("a", "FAILED", "java.lang.ArithmeticException: / by zero", null), T0));
    runs.observe(seen("b", "RUNNING"), T0);
    assertEquals(List.of(new Due(ABORT, "b", null)), runs.observe(seen("b", "CANCELED"), T0));
    runs.observe(new Sighting("d", "RESTARTING", "boom", null), T0);
    assertEquals(List.of(new Due(FAIL, "d", "boom")), runs.observe(seen("d", "CANCELED"), T0),
        "cancelled after failures, as a rollback stops it");
    runs.observe(seen("c", "RUNNING"), T0);
    assertEquals(List.of(new Due(COMPLETE, "c", null)), runs.observe(seen("c", "FINISHED"), T0));
  }

  @Test
  void aJobReplacedAfterFailuresFailsItsRunWithTheCause() {
    runs.observe(seen("a", "RUNNING"), T0);
    runs.observe(new Sighting("a", "RESTARTING", "java.lang.NumberFormatException: For input string: 'x1'", null), T0);
    runs.observe(seen("a", "RUNNING"), T0.plusSeconds(1));
    assertEquals(List.of(new Due(FAIL, "a", "java.lang.NumberFormatException: For input string: 'x1'"),
        new Due(START, "b", null)), runs.observe(seen("b", "RUNNING"), T0.plusSeconds(20)), "a rollback");
    assertEquals(List.of(new Due(ABORT, "b", null)), runs.observe(seen("c", "INITIALIZING"), T0.plusSeconds(30)),
        "replaced without a failure or a savepoint, as a last-state upgrade does");
  }

  @Test
  void aJobFirstSeenRestartingOrFailedIsARunAllTheSame() {
    assertEquals(List.of(new Due(START, "a", null)), runs.observe(new Sighting("a", "RESTARTING",
        "java.lang.NumberFormatException: For input string: 'x1'", null), T0), "it never showed running");
    assertEquals(List.of(new Due(FAIL, "a", "java.lang.NumberFormatException: For input string: 'x1'"),
        new Due(START, "b", null)), runs.observe(seen("b", "RUNNING"), T0.plusSeconds(20)));
    assertEquals(List.of(new Due(ABORT, "b", null), new Due(START, "c", null), new Due(FAIL, "c", "boom")),
        runs.observe(new Sighting("c", "FAILED", "boom", null), T0.plusSeconds(40)), "failed between two looks");
    assertEquals(List.of(), runs.observe(new Sighting("c", "FAILED", "boom", null), T0.plusSeconds(41)));
  }

  @Test
  void aTrackerStartedBesideAnEndedJobSendsNothingForIt() {
    assertEquals(List.of(), runs.observe(new Sighting("a", "FINISHED", null, "a"), T0), "a suspended Pipeline");
    assertEquals(List.of(), runs.observe(new Sighting("a", "FINISHED", null, "a"), T0.plusSeconds(15)));
    assertEquals(Optional.empty(), runs.deleted("a"));
    RunTracker restarted = new RunTracker(Duration.ofSeconds(60));
    assertEquals(List.of(new Due(START, "b", null)), restarted.observe(seen("b", "RUNNING"), T0),
        "a running job's run is started again, under the same run id");
  }

  @Test
  void deletionAbortsTheRunningRunOnly() {
    assertEquals(Optional.of(new Due(ABORT, "a", null)), new RunTracker(Duration.ZERO).deleted("a"),
        "a job the operator saw only in status, after a restart");
    runs.observe(seen("a", "RUNNING"), T0);
    runs.observe(new Sighting("a", "FINISHED", null, "a"), T0);
    assertEquals(Optional.empty(), runs.deleted("a"), "a suspended Pipeline's run completed already");
    assertEquals(Optional.empty(), new RunTracker(Duration.ZERO).deleted(null), "never deployed");
  }

  private static Sighting seen(String job, String state) {
    return new Sighting(job, state, null, null);
  }
}
