package dev.sluice.autoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SluiceOnTracesTest {

  @Test
  void recoversFromTheStepWithoutFlapping() {
    Trace step = Traces.step();
    SimulationRun run = Simulator.run(step, AutoscalerBenchmark.sluice());
    Scorecard score = Scorecard.of(step, run);

    List<SimulationRun.Sample> timeline = run.timeline();
    assertTrue(timeline.get(timeline.size() - 1).lag() < step.lagThreshold());
    assertTrue(score.recovery().orElseThrow().compareTo(Duration.ofMinutes(5)) < 0,
        "recovered after " + score.recovery());
    assertEquals(0, score.flaps());
  }

  @Test
  void rescalesFromAStaleCheckpointOnlyWhileTheLagOutgrowsTheReplay() {
    Trace trace = Traces.checkpointFailuresInSpike();
    SimulationRun run = Simulator.run(trace, AutoscalerBenchmark.sluice());

    // Checkpoints fail from 27m; from 29m the latest completed one is older than the 2m bound.
    long staleFrom = 29 * 60;
    long healthyAgain = 36 * 60;
    for (SimulationRun.TimedDecision timed : run.decisions()) {
      ScalingDecision decision = timed.decision();
      if (timed.second() > staleFrom && timed.second() < healthyAgain && decision.targetParallelism() != decision.currentParallelism()) {
        double arrival = decision.numbers().orElseThrow().arrivalRate();
        double throughput = decision.numbers().orElseThrow().throughput();
        assertTrue(arrival > 2 * throughput, "rescaled at " + timed.second() + ": " + decision);
      }
    }
    assertTrue(run.decisions().stream()
        .filter(d -> d.second() > staleFrom && d.second() < healthyAgain)
        .map(SimulationRun.TimedDecision::decision)
        .anyMatch(d -> d.checkpointsFailing() && d.action() == ScalingDecision.Action.HOLD));
  }
}
