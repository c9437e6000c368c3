package dev.sluice.freshness;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FreshnessTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Optional<Instant> CHECKPOINT = Optional.of(NOW.minusSeconds(20));
  private static final OptionalLong WATERMARK = OptionalLong.of(NOW.minusSeconds(90).toEpochMilli());

  @Test
  void eventTimeIsTheSinkWritersWatermark() {
    assertEquals(Optional.of(NOW.minusSeconds(90)),
        Freshness.freshThrough(WATERMARK, OptionalDouble.of(5), CHECKPOINT, false, NOW));
  }

  @Test
  void transactionalOutputsAreNeverFresherThanTheLatestCheckpoint() {
    assertEquals(CHECKPOINT, Freshness.freshThrough(OptionalLong.of(NOW.minusSeconds(3).toEpochMilli()),
        OptionalDouble.empty(), CHECKPOINT, true, NOW));
    assertEquals(Optional.of(NOW.minusSeconds(90)),
        Freshness.freshThrough(WATERMARK, OptionalDouble.empty(), CHECKPOINT, true, NOW),
        "an older watermark is older still");
  }

  @Test
  void withoutEventTimeTheLagCountsBackFromWhatIsVisible() {
    assertEquals(Optional.of(NOW.minusMillis(7_500)),
        Freshness.freshThrough(OptionalLong.empty(), OptionalDouble.of(7.5), CHECKPOINT, false, NOW));
    assertEquals(Optional.of(NOW.minusMillis(27_500)),
        Freshness.freshThrough(OptionalLong.empty(), OptionalDouble.of(7.5), CHECKPOINT, true, NOW),
        "lag plus the time since the checkpoint started");
  }

  @Test
  void unknownWithoutWatermarkAndLagOrBeforeTheFirstCheckpointOfTransactionalOutputs() {
    assertEquals(Optional.empty(),
        Freshness.freshThrough(OptionalLong.empty(), OptionalDouble.empty(), CHECKPOINT, false, NOW));
    assertEquals(Optional.empty(), Freshness.freshThrough(WATERMARK, OptionalDouble.of(0), Optional.empty(), true,
        NOW));
  }

  @Test
  void agesReadLikeKubectlAndNeverGoNegative() {
    assertEquals(new Freshness.Age(42, "42s"), Freshness.age(NOW.minusSeconds(42), NOW));
    assertEquals(new Freshness.Age(192, "3m12s"), Freshness.age(NOW.minusSeconds(192), NOW));
    assertEquals(new Freshness.Age(7_260, "2h1m"), Freshness.age(NOW.minusSeconds(7_260), NOW));
    assertEquals(new Freshness.Age(0, "0s"), Freshness.age(NOW.plusSeconds(30), NOW), "event time ahead of the clock");
  }
}
