package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.number;

import java.time.Duration;
import java.util.Optional;

/**
 * A lag objective's bound in records, which a rescale's own restart should not break. Processing
 * stops for the restart time while records keep arriving, so on rising arrivals a scale-up leaves
 * more waiting the later it comes. The keep-up trigger postpones a scale-up the target utilisation
 * calls for until the job cannot keep up, because each rescale pays a restart; with a bound in
 * records, postponing stays cheaper only while a later restart still fits within it. On falling
 * arrivals it is the other way round: a scale-down leaves less waiting the later it comes.
 *
 * @param objective the ServiceLevelObjective the bound comes from
 * @param records the largest backlog it accepts
 */
public record LagBound(String objective, long records) {

  public LagBound {
    if (records < 1) {
      throw new IllegalArgumentException("records must be at least 1, was " + records);
    }
  }

  /**
   * What a rescale decided now and one decided at the next look would leave waiting, when the first
   * is the last to fit: one restoring its checkpoint {@code lead} minus {@code look} from now leaves
   * at most {@link #records}, one restoring it {@code lead} from now more. Empty otherwise.
   *
   * @param stopped how long a rescale leaves arrivals unread: the restart, and the replay of what
   *     was read while the checkpoint it restores was taken
   */
  Optional<LastFit> lastLookThatFits(double lag, double arrivals, ArrivalTrend trend, Duration lead, Duration look,
      Duration stopped) {
    double now = backlogAfterRestart(lag, arrivals, trend, lead.minus(look), stopped);
    double nextLook = backlogAfterRestart(lag, arrivals, trend, lead, stopped);
    return now <= records && nextLook > records ? Optional.of(new LastFit(this, now, nextLook)) : Optional.empty();
  }

  /**
   * What a rescale restoring its checkpoint now would leave waiting, when that is more than the
   * bound. Empty when it fits.
   */
  Optional<Double> brokenByRestartNow(double lag, double arrivals, Duration stopped) {
    double left = backlogAfterRestart(lag, arrivals, ArrivalTrend.FLAT, Duration.ZERO, stopped);
    return left > records ? Optional.of(left) : Optional.empty();
  }

  /** The records a rescale decided now, and one decided at the next look, would leave waiting. */
  record LastFit(LagBound bound, double now, double nextLook) {}

  /** Records waiting when a restart whose checkpoint is restored {@code ahead} from now ends. */
  private static double backlogAfterRestart(double lag, double arrivals, ArrivalTrend trend, Duration ahead,
      Duration stopped) {
    return lag + (arrivals + trend.rise(ahead)) * stopped.toMillis() / 1000.0;
  }

  String describe() {
    return "ServiceLevelObjective " + objective + "'s bound of " + number(records) + " records";
  }
}
