package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.observation.JobObservation;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static dev.sluice.observation.Looks.START;
import static dev.sluice.observation.Looks.look;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the operator remembers of a job between looks. */
class PipelineMemoryTest {

  @Test
  void theJobRunsSinceTheFirstLookAtItsCurrentParallelism() {
    PipelineMemory memory = new PipelineMemory(AutoscalerHistory.empty());
    JobObservation first = look(10, 2, 100, 0L, 0.5);

    assertTrue(memory.look(first, OptionalLong.of(700)).isEmpty());
    assertEquals(START.plusSeconds(10), memory.runningSince());
    assertEquals(Optional.of(first), memory.look(look(24, 2, 100, 0L, 0.5), OptionalLong.of(900)));
    assertEquals(START.plusSeconds(10), memory.runningSince());
    assertEquals(OptionalLong.of(700), memory.committedLagBefore(), "the groups' lag read with the look compared");

    assertTrue(memory.look(look(30, 4, 100, 0L, 0.5), OptionalLong.empty()).isEmpty(),
        "a rescale restarts the measurement");
    assertEquals(START.plusSeconds(30), memory.runningSince());
  }

  @Test
  void aLookSoonerThanTheMeasuredSpanIsNeitherComparedNorKept() {
    PipelineMemory memory = new PipelineMemory(AutoscalerHistory.empty());
    JobObservation first = look(10, 2, 100, 0L, 0.5);
    memory.look(first, OptionalLong.empty());
    JobObservation soon = new JobObservation(first.job(), first.restarts(), first.vertices(), first.checkpoints(),
        first.latestFailure(), first.observedAt().plusMillis(400));

    assertTrue(memory.look(soon, OptionalLong.empty()).isEmpty());
    assertTrue(memory.look(look(14, 2, 100, 0L, 0.5), OptionalLong.empty()).isEmpty(),
        "within Flink's five-second samples");
    assertEquals(Optional.of(first), memory.look(look(20, 2, 100, 0L, 0.5), OptionalLong.empty()),
        "still compared with the first");
    assertEquals(START.plusSeconds(10), memory.runningSince());
  }
}
