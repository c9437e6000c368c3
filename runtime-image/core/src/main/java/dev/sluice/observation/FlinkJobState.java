package dev.sluice.observation;

/** The states of a Flink 2.2 job, as the REST API names them. */
public enum FlinkJobState {
  INITIALIZING,
  CREATED,
  RUNNING,
  FAILING,
  FAILED,
  CANCELLING,
  CANCELED,
  FINISHED,
  RESTARTING,
  SUSPENDED,
  RECONCILING;

  /**
   * Whether the job has ended for good. SUSPENDED is not: with HA another job manager resumes it.
   */
  public boolean terminal() {
    return this == FAILED || this == CANCELED || this == FINISHED;
  }
}
