package dev.sluice.datagen;

import dev.sluice.api.dataset.RateProfile;

import java.io.Serializable;
import java.time.Duration;

/**
 * The rate of generated rows over time since the job started: rowsPerSecond times a factor that
 * the profile's shape moves between 1 and {@code factor}.
 *
 * <ul>
 *   <li>constant: factor 1 throughout;</li>
 *   <li>step: {@code factor} from startAfter on;</li>
 *   <li>spike: {@code factor} from startAfter for duration, then 1 again;</li>
 *   <li>sine: from 1 at the start up to {@code factor} at half a period and back, every period.</li>
 * </ul>
 */
public record RateSchedule(long rowsPerSecond, RateProfile.Shape shape, double factor, Duration startAfter,
                           Duration duration, Duration period) implements Serializable {

  public RateSchedule {
    if (shape == RateProfile.Shape.SPIKE && duration == null) {
      throw new IllegalArgumentException("a spike needs a duration");
    }
    if (shape == RateProfile.Shape.SINE && (period == null || period.isZero())) {
      throw new IllegalArgumentException("a sine needs a period longer than zero");
    }
  }

  /** Rows per second, across all subtasks, at a time since the job started. */
  public double rowsPerSecondAt(Duration sinceStart) {
    return rowsPerSecond * factorAt(sinceStart);
  }

  private double factorAt(Duration sinceStart) {
    return switch (shape) {
      case CONSTANT -> 1.0;
      case STEP -> sinceStart.compareTo(startAfter) >= 0 ? factor : 1.0;
      case SPIKE -> sinceStart.compareTo(startAfter) >= 0 && sinceStart.compareTo(startAfter.plus(duration)) < 0
          ? factor : 1.0;
      case SINE -> {
        double phase = 2 * Math.PI * sinceStart.toMillis() / period.toMillis();
        yield 1.0 + (factor - 1.0) * (1 - Math.cos(phase)) / 2;
      }
    };
  }
}
