package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class ArrivalTrendTest {

  private static final long LOOK = 15;

  @Test
  void aSteadyRampIsARiseOfItsSlope() {
    ArrivalTrend trend = ArrivalTrend.of(looks(600, t -> 3000 + 0.25 * t), T0);

    assertTrue(trend.rising());
    assertEquals(0.25, trend.perSecond(), 1e-9);
    assertEquals(15, trend.rise(Duration.ofMinutes(1)), 1e-9);
  }

  @Test
  void noiseOnAPlateauIsNeitherARiseNorAFall() {
    // 3000/s ± 40 %, as the noisy-plateau trace: ten minutes of it under twenty different seeds.
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      List<AutoscalerHistory.Arrival> noisy = looks(600, t -> 3000 * (0.6 + 0.8 * random.nextDouble()));

      ArrivalTrend trend = ArrivalTrend.of(noisy, T0);
      assertFalse(trend.rising() || trend.falling(), "seed " + seed + ": " + trend);
    }
  }

  @Test
  void aSteadyFallIsAFallOfItsSlope() {
    ArrivalTrend trend = ArrivalTrend.of(looks(600, t -> 6000 - 2 * t), T0);

    assertFalse(trend.rising());
    assertTrue(trend.falling());
    assertEquals(-120, trend.rise(Duration.ofMinutes(1)), 1e-9);
  }

  @Test
  void lessThanHalfTheWindowTellsNothing() {
    assertFalse(ArrivalTrend.of(looks(270, t -> 3000 + 2 * t), T0).rising());
  }

  @Test
  void theSurgeBeforeTheJobStartedIsNoRise() {
    // A 5x step at 4 minutes, and the rescale it caused restarted the job at 5 minutes.
    List<AutoscalerHistory.Arrival> stepped = looks(600, t -> t < 240 ? 2000 : 10_000);

    assertTrue(ArrivalTrend.of(stepped, T0).rising(), "counted from before it, the step reads as a rise");
    assertFalse(ArrivalTrend.of(stepped, T0.plusSeconds(300)).rising());
  }

  /** A look every 15 s from T0 to {@code seconds}, at the rate {@code rate} gives for its second. */
  private static List<AutoscalerHistory.Arrival> looks(long seconds, LongToDoubleFunction rate) {
    List<AutoscalerHistory.Arrival> looks = new ArrayList<>();
    for (long t = 0; t <= seconds; t += LOOK) {
      looks.add(new AutoscalerHistory.Arrival(T0.plusSeconds(t), rate.applyAsDouble(t), 0.001, false));
    }
    return looks;
  }
}
