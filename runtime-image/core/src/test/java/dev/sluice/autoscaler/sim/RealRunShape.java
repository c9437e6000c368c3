package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.Rescale;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The shape SpikeScalingTest runs on a real Flink MiniCluster (operator module), on the
 * simulator: 40 records/s, 400/s for 30 s from 25 s, four partitions, a subtask that handles 250
 * records/s (4 ms a record), checkpoints every 2 s, an observation every 2 s (the tests' observe
 * interval), parallelism 1 to 4, a 45 s catch-up time (half the 90 s freshness objective), 30 s
 * stabilisation window and cooldown; the spike starts 25 s after the handler (on the MiniCluster
 * it starts 25 s after the feeder, a few seconds before the handler). The rescale downtime is the
 * one measured there. Says what the simulator predicts, to be compared with what the test prints.
 */
final class SpikeShape {

  static final long SPIKE_AT = 25;
  static final long SPIKE_LENGTH = 30;

  private SpikeShape() {}

  static Trace trace(Duration rescaleDowntime) {
    CheckpointBehaviour checkpoints = new CheckpointBehaviour(Duration.ofSeconds(2),
        Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(2), List.of());
    return new Trace("spike-scaling-test", "40/s, 400/s for 30s from 25s, 4 partitions",
        Duration.ofMinutes(5), Duration.ofSeconds(SPIKE_AT), 4, 1, s -> 250,
        s -> s >= SPIKE_AT && s < SPIKE_AT + SPIKE_LENGTH ? 400 : 40,
        Trace.SkewProfile.uniform(), checkpoints, List.of(), rescaleDowntime, 40);
  }

  static PolicyUnderTest sluice() {
    AutoscalerConfig defaults = AutoscalerConfig.defaults(1, 4);
    return new SluicePolicy(new AutoscalerConfig(true, 1, 4, 0.7, Duration.ofSeconds(45),
        Duration.ofSeconds(30), Duration.ofSeconds(30), defaults.maxFactor(),
        defaults.restartTime(), defaults.maxCheckpointAge(),
        defaults.checkpointFailureThreshold()));
  }

  /** One line: when the simulator scales up and down, to what, and how often. */
  static String prediction(Duration rescaleDowntime) {
    SimulationRun run = Simulator.run(trace(rescaleDowntime), sluice(), Duration.ofSeconds(2));
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "spike-scaling-test shape (downtime %ds): ", rescaleDowntime.toSeconds()));
    for (Rescale rescale : run.rescales()) {
      long second = rescale.at().getEpochSecond() - Simulator.at(0).getEpochSecond();
      long from = rescale.up() ? SPIKE_AT : SPIKE_AT + SPIKE_LENGTH;
      line.append(String.format(Locale.ROOT, "%s at +%ds after the spike %s; ", rescale,
          second - from, rescale.up() ? "started" : "ended"));
    }
    Scorecard card = Scorecard.of(trace(rescaleDowntime), run);
    return line.append(String.format(Locale.ROOT, "%d rescales, lag under 1s of base load %s after"
        + " the spike started", run.rescales().size(),
        card.recovery().map(d -> "+" + d.toSeconds() + "s").orElse("never"))).toString();
  }
}
