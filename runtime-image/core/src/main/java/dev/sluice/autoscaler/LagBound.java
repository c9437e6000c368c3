package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.number;

import java.time.Duration;

/**
 * A lag objective's bound in records, which a rescale's own restart should not break. Processing
 * stops for the restart time while records keep arriving, so on rising arrivals a scale-up leaves
 * more waiting the later it comes. The keep-up trigger postpones a scale-up the target utilisation
 * calls for until the job cannot keep up, because each rescale pays a restart; with a bound in
 * records, postponing stays cheaper only while a later restart still fits within it.
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
   * Whether a rescale decided now is the last to fit: one restoring its checkpoint {@code lead}
   * minus {@code look} from now leaves at most {@link #records} waiting when its restart ends, one
   * decided at the next look, {@code lead} from now, more.
   *
   * @param stopped how long a rescale leaves arrivals unread: the restart, and the replay of what
   *     was read while the checkpoint it restores was taken
   */
  boolean lastLookThatFits(double lag, double arrivals, ArrivalTrend trend, Duration lead, Duration look,
      Duration stopped) {
    return backlogAfterRestart(lag, arrivals, trend, lead.minus(look), stopped) <= records
        && backlogAfterRestart(lag, arrivals, trend, lead, stopped) > records;
  }

  /** Records waiting when a restart whose checkpoint is restored {@code ahead} from now ends. */
  static double backlogAfterRestart(double lag, double arrivals, ArrivalTrend trend, Duration ahead,
      Duration stopped) {
    return lag + (arrivals + trend.rise(ahead)) * stopped.toMillis() / 1000.0;
  }

  String describe() {
    return "ServiceLevelObjective " + objective + "'s bound of " + number(records) + " records";
  }
}
