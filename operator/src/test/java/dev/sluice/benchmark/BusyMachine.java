package dev.sluice.benchmark;

import dev.sluice.fixtures.Machine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How many cores the whole machine kept busy over a stretch of the run. Two cores busy means the
 * machine, not the operator's pace, set the time: the API server, etcd and the applying clients
 * share the cores with the operator.
 */
final class BusyMachine {

  private final Instant start;
  private final Optional<Duration> busyAtStart;

  private BusyMachine(Instant start, Optional<Duration> busyAtStart) {
    this.start = start;
    this.busyAtStart = busyAtStart;
  }

  static BusyMachine start() {
    return new BusyMachine(Instant.now(), Machine.busyCpu());
  }

  /** Busy CPU time since the start over the wall time since then; NaN where the kernel does not tell. */
  double cores() {
    Duration wall = Duration.between(start, Instant.now());
    return busyAtStart.flatMap(before -> Machine.busyCpu().map(after -> after.minus(before)))
        .map(busy -> busy.toMillis() / (double) Math.max(1, wall.toMillis()))
        .orElse(Double.NaN);
  }
}
