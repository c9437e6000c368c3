/**
 * Sluice's autoscaler as pure code: no Kubernetes, Fabric8, Flink or Kafka types, no clock, no
 * mutable state outside the values passed in and returned.
 *
 * <h2>Calling it</h2>
 *
 * <p>Every reporting interval (15-30 s) the operator builds an {@link
 * dev.sluice.autoscaler.Observation}: per source the lag and arrival rate, per vertex the busy
 * time and processing rate, the checkpoints' duration, age and failures in a row, the current
 * parallelism and the source partition count. It calls {@link
 * dev.sluice.autoscaler.Autoscaler#evaluate} with it and the {@link
 * dev.sluice.autoscaler.AutoscalerHistory} the previous call returned ({@code
 * AutoscalerHistory.empty()} the first time). The {@link dev.sluice.autoscaler.ScalingDecision}
 * says scale up or down to a target parallelism, hold, or trigger a savepoint first; it carries a
 * reason a person can read, the numbers behind it, and a {@code checkpointsFailing} flag for a
 * status condition. {@link dev.sluice.autoscaler.AutoscalerConfig} comes from {@code
 * spec.autoscaler} and {@code spec.parallelism}; {@link dev.sluice.autoscaler.CatchUpTime} derives
 * the catch-up time from a freshness or lag objective on the pipeline's outputs.
 *
 * <h2>The rules, one class each</h2>
 *
 * <ol>
 *   <li>Sizing: with the true rate of a subtask = observed rate / busy fraction at the busiest
 *       vertex, the job needs max(arrivals / (true rate * target utilisation), (arrivals + lag /
 *       catch-up time) / true rate) subtasks; a rescale must also clear the backlog its own restart
 *       creates. Catching up uses the headroom the target utilisation leaves, rather than being
 *       divided by it as well.
 *   <li>Partition alignment: round up to a divisor of the partition count, because with
 *       round-robin assignment the subtask with the most partitions limits the job.
 *   <li>Bounds and max step: within {@code spec.parallelism} min and max, never above the partition
 *       count, and at most the max factor away from the current parallelism per decision.
 *   <li>Stabilisation: scale down only once the load called for less during the whole window, to
 *       the highest parallelism called for within it. Scale up at once.
 *   <li>Skew guard: scale down only as far as the busiest subtask stays within the target.
 *   <li>Cooldown and anti-flap: a rescale reversing the previous one inside the cooldown is
 *       refused; a further scale-up inside it only while the lag still grows.
 *   <li>Checkpoint gate: no rescale while the latest completed checkpoint is older than the bound;
 *       trigger a savepoint first, or hold when checkpoints fail repeatedly. Checkpoints taking
 *       close to their interval or timeout while the lag does not drain in time count as full
 *       utilisation.
 * </ol>
 *
 * <h2>Simulator and benchmark</h2>
 *
 * <p>The test sources hold a deterministic simulator ({@code dev.sluice.autoscaler.sim}): per
 * partition queues read by subtasks owning partitions round-robin, busy time from load,
 * checkpoints that slow down under back pressure and fail during outages, rescales that restore
 * the latest checkpoint and stop processing for a while, and observations every 15 s. Six traces
 * (a 5x step, a 10x spike for 2 minutes, a diurnal sine, a hot partition, checkpoint failures
 * during a spike, a slow drift) run under a fixed parallelism, a KEDA-style lag policy, the Flink
 * Kubernetes Operator autoscaler's published algorithm with its documented defaults, and this
 * autoscaler. From the repository root:
 *
 * <pre>./mvnw -q -pl runtime-image/core -am test-compile -Pautoscaler-benchmark</pre>
 *
 * <p>prints, per trace, each policy's time to recover (lag back under the threshold for good),
 * time over the threshold, peak lag, parallelism-seconds, rescales, flaps (reversals within 10
 * minutes), replayed records, and its speed-up and cost relative to the Flink-defaults policy.
 */
package dev.sluice.autoscaler;
