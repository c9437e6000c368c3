package dev.sluice.datagen;

import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Paces each source subtask at its share of the schedule's rate. The clock starts when the job
 * graph is built, which the strategy carries, so restarts after a failure or a rescale continue
 * the profile rather than begin it again; a new job (such as one restored from a savepoint)
 * starts it anew.
 */
record ProfileRateLimiterStrategy(RateSchedule schedule, long startMillis)
    implements RateLimiterStrategy<NumberSequenceSplit> {

  @Override
  public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
    return new ProfileRateLimiter(parallelism);
  }

  private final class ProfileRateLimiter implements RateLimiter<NumberSequenceSplit> {

    /** Most the pacing catches up on late wake-ups; more would flood downstream after a stall. */
    private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often a subtask whose rate is zero looks again. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int parallelism;
    /** When the next row may go; set by the first acquire, so a slow task start is no reason to burst. */
    private long nextNanos = Long.MIN_VALUE;

    ProfileRateLimiter(int parallelism) {
      this.parallelism = parallelism;
    }

    @Override
    public CompletionStage<Void> acquire(int numberOfEvents) {
      Duration sinceStart = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - startMillis));
      double perSubtask = schedule.rowsPerSecondAt(sinceStart) / parallelism;
      if (perSubtask <= 0) {
        return after(IDLE_NANOS).thenCompose(ignored -> acquire(numberOfEvents));
      }
      long now = System.nanoTime();
      nextNanos = nextNanos == Long.MIN_VALUE ? now : Math.max(nextNanos, now - MAX_CATCH_UP_NANOS);
      long wait = nextNanos - now;
      nextNanos += (long) (numberOfEvents * 1e9 / perSubtask);
      return wait <= 0 ? CompletableFuture.completedFuture(null) : after(wait);
    }

    private static CompletableFuture<Void> after(long nanos) {
      return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS));
    }
  }
}
