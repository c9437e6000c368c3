package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.SourceLayout;
import dev.sluice.observation.JobLooks;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.MappingInputs;
import dev.sluice.observation.ObservationMapping;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Sluice's operator makes of its looks at one job, with the classes it uses
 * ({@code Autoscaling.evaluate} in the operator module): {@link JobLooks} picks the look to compare
 * with, {@link ObservationMapping} turns the two into the autoscaler's observation or says what it
 * still lacks, and then the autoscaler is not asked at all. So the first look at a job that started
 * or rescaled, a look that has nothing to compare with, or one missing a metric Flink has not
 * reported yet, decides nothing. Left out, as the simulated job never needs them: the operator
 * evaluates only in phase Running, and caps a parallelism the cluster does not schedule.
 */
final class OperatorLooks {

  private final JobLooks looks = new JobLooks();
  private final SourceLayout layout;

  /** A job reading {@code partitions} partitions of one Kafka input. */
  OperatorLooks(int partitions) {
    this.layout = new SourceLayout(partitions, 1);
  }

  /**
   * @param checkpoints the checkpoint settings and whether a savepoint runs
   * @param committedLag the consumer groups' lag, which the operator reads from the brokers
   */
  Optional<Observation> observe(JobObservation seen, CheckpointMetrics checkpoints, double committedLag) {
    OptionalLong groups = OptionalLong.of(Math.round(committedLag));
    Optional<JobObservation> before = looks.look(seen, groups);
    return ObservationMapping.map(seen, before, new MappingInputs(layout, checkpoints.interval(), checkpoints.timeout(),
        looks.runningSince(), checkpoints.savepointInProgress(), groups, looks.committedLagBefore()))
        .observation();
  }
}
