package dev.sluice.autoscaler.sim;

import java.time.Duration;
import java.util.List;

/**
 * How checkpoints behave in a trace. A checkpoint's duration grows from {@code baseDuration} to
 * {@code backPressuredDuration} with the share of the preceding interval in which the busiest
 * subtask could not keep up, because barriers queue behind the records waiting for it.
 *
 * @param outages periods in which every checkpoint and savepoint fails (e.g. storage unavailable)
 */
public record CheckpointBehaviour(
    Duration interval,
    Duration timeout,
    Duration baseDuration,
    Duration backPressuredDuration,
    List<Outage> outages) {

  /** A period, in seconds from the start of the trace, in which checkpoints fail. */
  public record Outage(long from, long until) {}

  public CheckpointBehaviour {
    outages = List.copyOf(outages);
  }

  boolean failsAt(long second) {
    return outages.stream().anyMatch(o -> second >= o.from() && second < o.until());
  }
}
