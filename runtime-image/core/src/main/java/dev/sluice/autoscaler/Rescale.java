package dev.sluice.autoscaler;

import java.time.Instant;

/** A rescale the autoscaler decided: when, and from which parallelism to which. */
public record Rescale(Instant at, int from, int to) {

  public Rescale {
    if (from == to) {
      throw new IllegalArgumentException("a rescale changes the parallelism");
    }
  }

  public boolean up() {
    return to > from;
  }

  @Override
  public String toString() {
    return (up() ? "scale-up " : "scale-down ") + from + " → " + to;
  }
}
