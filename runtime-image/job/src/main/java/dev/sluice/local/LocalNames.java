package dev.sluice.local;

/** Names local mode gives what a cluster would name. */
final class LocalNames {

  /** The namespace of every resource that {@code sluice run} runs: job names and metrics carry it. */
  static final String NAMESPACE = "local";

  private LocalNames() {
  }
}
