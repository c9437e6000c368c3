package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Rescale;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one policy did on one trace, measured the same way for every policy.
 *
 * @param recovery from the trace's disturbance until the lag is under the trace's threshold and
 *     stays under it to the end of the run; zero if it never exceeded the threshold, empty if it
 *     ends above it
 * @param timeOverThreshold time after the disturbance with the lag above the threshold
 * @param peakLag the highest lag of the whole run, in records
 * @param parallelismSeconds parallelism summed over every second of the run (the cost)
 * @param flaps rescales that reverse the direction of the previous rescale within {@link
 *     #FLAP_WINDOW} of it
 * @param replayed records read again because a rescale restored an older checkpoint
 */
public record Scorecard(
    String policy,
    Optional<Duration> recovery,
    Duration timeOverThreshold,
    double peakLag,
    double parallelismSeconds,
    int rescales,
    int flaps,
    double replayed) {

  public static final Duration FLAP_WINDOW = Duration.ofMinutes(10);

  public static Scorecard of(Trace trace, SimulationRun run) {
    List<SimulationRun.Sample> timeline = run.timeline();
    int from = (int) trace.disturbanceAt().toSeconds();
    List<SimulationRun.Sample> after = timeline.subList(from, timeline.size());
    return new Scorecard(
        run.policy(),
        recovery(after, trace.lagThreshold()),
        Duration.ofSeconds(after.stream().filter(s -> s.lag() > trace.lagThreshold()).count()),
        timeline.stream().mapToDouble(SimulationRun.Sample::lag).max().orElse(0),
        run.parallelismSeconds(),
        run.rescales().size(),
        flaps(run.rescales()),
        run.replayedRecords());
  }

  /** Seconds from the first sample until the lag is under the threshold for good. */
  static Optional<Duration> recovery(List<SimulationRun.Sample> samples, double threshold) {
    for (int i = samples.size() - 1; i >= 0; i--) {
      if (samples.get(i).lag() > threshold) {
        return i == samples.size() - 1 ? Optional.empty() : Optional.of(Duration.ofSeconds(i + 1));
      }
    }
    return Optional.of(Duration.ZERO);
  }

  static int flaps(List<Rescale> rescales) {
    int flaps = 0;
    for (int i = 1; i < rescales.size(); i++) {
      Rescale previous = rescales.get(i - 1);
      Rescale rescale = rescales.get(i);
      boolean reverses = previous.up() != rescale.up();
      if (reverses && Duration.between(previous.at(), rescale.at()).compareTo(FLAP_WINDOW) < 0) {
        flaps++;
      }
    }
    return flaps;
  }
}
