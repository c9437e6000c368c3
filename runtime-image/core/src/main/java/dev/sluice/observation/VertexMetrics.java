package dev.sluice.observation;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One vertex's metrics, aggregated over its subtasks. Each is empty while Flink has not reported
 * it yet (the job manager fetches task metrics every {@code metrics.fetcher.update-interval}).
 *
 * @param averageBusyTimeMsPerSecond milliseconds per second a subtask was busy, averaged: Flink's
 *     {@code busyTimeMsPerSecond}, a gauge over the last minute (fewer seconds after a start)
 * @param maxBusyTimeMsPerSecond the same for the busiest subtask; far above the average is skew
 * @param recordsInPerSecond records read per second, summed; for a source vertex the records its
 *     source operators emit (their {@code numRecordsOutPerSecond}), since nothing reaches it over
 *     the network
 * @param recordsOutPerSecond records sent downstream per second, summed
 * @param pendingRecords a source vertex's backlog: the FLIP-33 {@code pendingRecords} gauge of its
 *     sources (a Kafka source's lag), summed over subtasks; empty when no source reports it
 * @param recordsInCount the counter behind {@code recordsInPerSecond}: records read since the tasks
 *     started, summed. Two looks give the exact rate between them, where the per-second gauge is a
 *     one-minute average that lags a change of load and reads low after a start
 * @param busyTimeMsCount the counter behind busy time: milliseconds a subtask was busy since the
 *     tasks started ({@code accumulateBusyTimeMs}), averaged. Two looks give the busy fraction
 *     between them, over the same span as the records counter, where the gauge trails a change of
 *     load by up to a minute
 */
public record VertexMetrics(
    JobVertex vertex,
    OptionalDouble averageBusyTimeMsPerSecond,
    OptionalDouble maxBusyTimeMsPerSecond,
    OptionalDouble recordsInPerSecond,
    OptionalDouble recordsOutPerSecond,
    OptionalLong pendingRecords,
    OptionalLong recordsInCount,
    OptionalDouble busyTimeMsCount) {

  /** Metrics without counters, which older jobs or some sources do not report. */
  public VertexMetrics(JobVertex vertex, OptionalDouble averageBusyTimeMsPerSecond,
      OptionalDouble maxBusyTimeMsPerSecond, OptionalDouble recordsInPerSecond,
      OptionalDouble recordsOutPerSecond, OptionalLong pendingRecords) {
    this(vertex, averageBusyTimeMsPerSecond, maxBusyTimeMsPerSecond, recordsInPerSecond,
        recordsOutPerSecond, pendingRecords, OptionalLong.empty(), OptionalDouble.empty());
  }
}
