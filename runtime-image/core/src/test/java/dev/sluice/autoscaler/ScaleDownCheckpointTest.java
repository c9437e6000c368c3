package dev.sluice.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.autoscaler.ScaleDownCheckpoint.Next;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaleDownCheckpointTest {

  private static final Instant ASKED = Instant.parse("2026-12-05T12:00:00Z");
  private static final ScaleDownCheckpoint REQUEST = new ScaleDownCheckpoint("job-1", ASKED);

  @Test
  void theTaskManagersStayUntilTheCheckpointIsOver() {
    assertEquals(Next.WAIT, REQUEST.next("job-1", false, ASKED.plusSeconds(2)));
    assertEquals(Next.SCALE_DOWN, REQUEST.next("job-1", true, ASKED.plusSeconds(3)));
  }

  @Test
  void aCheckpointThatTakesTooLongDoesNotHoldTheScaleDownUp() {
    Instant bound = ASKED.plus(ScaleDownCheckpoint.BOUND);

    assertEquals(Next.WAIT, REQUEST.next("job-1", false, bound.minusMillis(1)));
    assertEquals(Next.SCALE_DOWN, REQUEST.next("job-1", false, bound));
    assertEquals("the checkpoint asked for 1m ago is not done, over the 1m a scale-down waits for it",
        REQUEST.overdue(bound));
  }

  @Test
  void aNewJobIsAskedAgain() {
    // The job restarted (a failover, a new job manager) since the request: its checkpoint is not the new job's.
    assertEquals(Next.ASK, REQUEST.next("job-2", true, ASKED.plus(Duration.ofSeconds(5))));
  }
}
