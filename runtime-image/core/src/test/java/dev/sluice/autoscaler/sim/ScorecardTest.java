package dev.sluice.autoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.autoscaler.Rescale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScorecardTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static Rescale rescale(int minute, int from, int to) {
    return new Rescale(T0.plus(Duration.ofMinutes(minute)), from, to);
  }

  @Test
  void aFlapReversesThePreviousRescaleWithinTheWindow() {
    assertEquals(1, Scorecard.flaps(List.of(rescale(0, 4, 16), rescale(9, 16, 4))));
    assertEquals(0, Scorecard.flaps(List.of(rescale(0, 4, 16), rescale(10, 16, 4))));
    assertEquals(0, Scorecard.flaps(List.of(rescale(0, 4, 8), rescale(1, 8, 16))));
    assertEquals(2, Scorecard.flaps(
        List.of(rescale(0, 4, 16), rescale(3, 16, 4), rescale(6, 4, 16))));
  }

  @Test
  void recoveryEndsWhenTheLagStaysUnderTheThreshold() {
    assertEquals(Optional.of(Duration.ofSeconds(6)),
        Scorecard.recovery(samples(0, 700, 800, 100, 0, 900, 10, 0), 500));
    assertEquals(Optional.of(Duration.ZERO), Scorecard.recovery(samples(0, 100, 0), 500));
    assertEquals(Optional.empty(), Scorecard.recovery(samples(0, 100, 600), 500));
  }

  private static List<SimulationRun.Sample> samples(double... lags) {
    List<SimulationRun.Sample> samples = new ArrayList<>();
    for (int second = 0; second < lags.length; second++) {
      samples.add(new SimulationRun.Sample(second, lags[second], 4));
    }
    return samples;
  }
}
