package dev.sluice.datagen;

import dev.sluice.api.dataset.RateProfile.Shape;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each subtask is paced at its share of the rate the profile gives for the time since the job started. */
class ProfileRateLimiterTest {

  @Test
  void eachSubtaskTakesItsShareOfTheTotalRate() throws Exception {
    RateSchedule constant = new RateSchedule(400, Shape.CONSTANT, 1, Duration.ZERO, null, null);
    // 400 rows per second over 2 subtasks: 200 rows take one subtask a second.
    double seconds = secondsFor(200, new ProfileRateLimiterStrategy(constant, System.currentTimeMillis())
        .createRateLimiter(2));
    assertTrue(seconds > 0.85 && seconds < 1.4, "took " + seconds + " s");
  }

  @Test
  void theProfileClockRunsFromTheJobsStartNotTheSubtasks() throws Exception {
    RateSchedule step = new RateSchedule(100, Shape.STEP, 8, Duration.ofSeconds(5), null, null);
    // The job started ten seconds ago, so the step is already up: 800 rows per second, not 100.
    long startedTenSecondsAgo = System.currentTimeMillis() - 10_000;
    double seconds = secondsFor(400, new ProfileRateLimiterStrategy(step, startedTenSecondsAgo).createRateLimiter(1));
    assertTrue(seconds > 0.4 && seconds < 0.8, "took " + seconds + " s");
  }

  private static double secondsFor(int rows, RateLimiter<NumberSequenceSplit> limiter) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < rows; i++) {
      limiter.acquire().toCompletableFuture().get();
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
