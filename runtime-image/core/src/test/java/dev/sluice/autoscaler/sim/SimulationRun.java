package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Rescale;
import dev.sluice.autoscaler.ScalingDecision;
import java.util.List;

/**
 * What happened when one policy ran one trace.
 *
 * @param timeline lag and parallelism at the end of every simulated second
 * @param rescales the rescales the simulator applied
 * @param decisions every decision the policy made, with the second it was made at
 * @param parallelismSeconds the parallelism summed over every second (the cost)
 * @param replayedRecords records read again because a rescale restored an older checkpoint
 */
public record SimulationRun(
    String trace,
    String policy,
    List<Sample> timeline,
    List<Rescale> rescales,
    List<TimedDecision> decisions,
    double parallelismSeconds,
    double replayedRecords) {

  public record Sample(long second, double lag, int parallelism) {}

  public record TimedDecision(long second, ScalingDecision decision) {}

  public SimulationRun {
    timeline = List.copyOf(timeline);
    rescales = List.copyOf(rescales);
    decisions = List.copyOf(decisions);
  }
}
