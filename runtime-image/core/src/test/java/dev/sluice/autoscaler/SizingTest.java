package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SizingTest {

  private final AutoscalerConfig config = AutoscalerConfig.defaults(1, 48);

  @Test
  void arrivalsAloneAreSizedAtTheTargetUtilisation() {
    Sizing sizing = Sizing.of(observation().parallelism(4).arrival(2000).build(), config)
        .orElseThrow();

    assertEquals(1000, sizing.subtaskTrueRate(), 1e-9);
    assertEquals(2000 / 1000.0 / 0.7, sizing.required(), 1e-9);
  }

  @Test
  void lagIsClearedWithinTheCatchUpTimeRunningFlatOut() {
    // 2000/s + 1.2M over 10m = 4000/s, more than 2000/s at 70 % busy needs.
    Sizing sizing = Sizing.of(
        observation().parallelism(4).arrival(2000).lag(1_200_000).build(), config).orElseThrow();

    assertEquals(4.0, sizing.required(), 1e-9);
    // A rescale adds 1m of arrivals: 120000 more over 10m.
    assertEquals(4.2, sizing.requiredAfterRescale(), 1e-9);
  }

  @Test
  void aBacklogWhoseOldestRecordWaitsLessThanTheCatchUpTimeNeedNotClearWithinIt() {
    AutoscalerConfig fourMinutes = config.withCatchUpFromObjective(Duration.ofMinutes(5));
    // 5000/s on 4 subtasks of 1000/s: 45000 waiting and 300000 more during the 1m restart.
    Sizing sizing = Sizing.of(
        observation().parallelism(4).arrival(5000).lag(45_000).build(), fourMinutes).orElseThrow();

    assertEquals(345_000 / 5000.0, sizing.peakStalenessAfterRescale(), 1e-9);
    // 69 s is within the 4m catch-up time: the arrivals within the band decide, not 6.4 to clear it.
    assertEquals(5000 / 1000.0 / Sizing.bandTop(fourMinutes), sizing.requiredInBand(), 1e-9);
  }

  @Test
  void aBacklogWhoseOldestRecordWaitsLongerMustClearWithinTheCatchUpTime() {
    AutoscalerConfig fourMinutes = config.withCatchUpFromObjective(Duration.ofMinutes(5));
    Sizing sizing = Sizing.of(observation().parallelism(4).arrival(5000).lag(1_200_000).build(),
        fourMinutes).orElseThrow();

    assertEquals(300, sizing.peakStalenessAfterRescale(), 1e-9);
    assertEquals((5000 + 1_500_000 / 240.0) / 1000, sizing.requiredInBand(), 1e-9);
  }

  @Test
  void theBusiestVertexDecides() {
    Observation base = observation().parallelism(4).arrival(2000).build();
    Observation withSlowSink = new Observation(base.time(), base.runningSince(), 4, 48,
        base.sources(),
        List.of(new VertexLoad("read", true, 2000, 0.2, 0.2),
            new VertexLoad("write", false, 2000, 0.8, 0.8)),
        base.checkpoints());

    Sizing sizing = Sizing.of(withSlowSink, config).orElseThrow();

    assertEquals(4 * 0.8 / 0.7, sizing.required(), 1e-9);
    assertEquals("write", withSlowSink.bottleneck().name());
  }

  @Test
  void noRateCanBeMeasuredWhileRecordsWaitAndNothingIsProcessed() {
    Observation stalled = observation().lag(5000).processing(0, 0, 0).build();

    assertEquals(Optional.empty(), Sizing.of(stalled, config));
  }

  @Test
  void catchUpTimeComesFromTheObjectiveMinusTheRestart() {
    assertEquals(Duration.ofMinutes(4),
        CatchUpTime.fromObjective(Duration.ofMinutes(5), Duration.ofMinutes(1)));
    assertEquals(Duration.ofSeconds(30),
        CatchUpTime.fromObjective(Duration.ofMinutes(1), Duration.ofSeconds(50)));
    assertEquals(Duration.ofMinutes(4),
        config.withCatchUpFromObjective(Duration.ofMinutes(5)).catchUpTime());
  }

  @Test
  void aTighterObjectiveAsksForMoreSubtasks() {
    Observation lagging = observation().parallelism(4).arrival(2000).lag(1_200_000).build();
    double relaxed = Sizing.of(lagging, config).orElseThrow().required();
    double tight = Sizing.of(lagging, config.withCatchUpFromObjective(Duration.ofMinutes(3)))
        .orElseThrow().required();

    assertTrue(tight > relaxed, tight + " > " + relaxed);
  }
}
