package dev.sluice.flink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The streaming job the tests observe: a rate-limited FLIP-27 source → a keyed, stateful count →
 * a discarding sink, checkpointing every 500 ms unless told otherwise, and keeping its latest
 * checkpoint when cancelled, as a Pipeline's job does. Its source reports a FLIP-33 pendingRecords
 * gauge, as a Kafka source does, with a fixed backlog per reader.
 */
public final class TestJobs {

  static final int PARALLELISM = 2;
  /** Source subtask i claims (i + 1) thousand pending records; unequal, so a sum shows as one. */
  static final long TOTAL_PENDING_RECORDS = 1_000 + 2_000;
  static final String SOURCE_NAME = "numbers";

  /** Checkpoints and savepoints that take longer expire and count as failed. */
  static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(3);

  /** What the count operator does when asked for a snapshot. */
  enum Snapshots {
    TAKE(Duration.ZERO),
    /** Snapshot slowly, yet within the timeout. */
    STALL(Duration.ofSeconds(1)),
    /** Snapshot so slowly that the checkpoint expires: a failure that leaves the job running. */
    EXPIRE(CHECKPOINT_TIMEOUT.plusSeconds(1));

    private final Duration delay;

    Snapshots(Duration delay) {
      this.delay = delay;
    }
  }

  /**
   * How every count subtask answers checkpoints and savepoints. The MiniCluster runs the job in
   * this JVM and class loader, so a test switches it directly; reset it to TAKE when done.
   */
  static final AtomicReference<Snapshots> SNAPSHOTS = new AtomicReference<>(Snapshots.TAKE);

  private TestJobs() {
  }

  public static JobGraph countingJob(String name) {
    return countingJob(name, Duration.ofMillis(500));
  }

  public static JobGraph countingJob(String name, Duration checkpointInterval) {
    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, name);
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    config.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    config.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, CHECKPOINT_TIMEOUT);
    // Expired checkpoints are what the failure counting tests; they must not fail the job.
    config.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, Integer.MAX_VALUE);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(PARALLELISM);
    var source = new DataGeneratorSource<>(new BackloggedNumbers(), Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(200), Types.LONG);
    env.fromSource(source, WatermarkStrategy.noWatermarks(), SOURCE_NAME)
        .keyBy(number -> number % 16)
        .map(new CountPerKey()).name("count")
        .sinkTo(new DiscardingSink<>()).name("discard");
    return env.getStreamGraph().getJobGraph();
  }

  /** A job that fails on its first record, without restarting, wrapping the cause as user code does. */
  public static JobGraph failingJob(String name) {
    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, name);
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.fromSequence(1, 10)
        .map(TestJobs::ledgerEntry).returns(Types.STRING)
        .sinkTo(new DiscardingSink<>());
    return env.getStreamGraph().getJobGraph();
  }

  private static String ledgerEntry(long order) {
    try {
      throw new IllegalArgumentException("order " + order + " has no ledger account");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot book order " + order, e);
    }
  }

  /** Numbers, with each reader claiming a backlog the way a Kafka source reports its lag. */
  private static final class BackloggedNumbers implements GeneratorFunction<Long, Long> {

    private long backlog;

    @Override
    public void open(SourceReaderContext context) {
      backlog = 1_000L * (context.getIndexOfSubtask() + 1);
      // One gauge object per reader: Flink's metric query service keys metrics by object, so a
      // shared (non-capturing) lambda would be reported for one subtask only.
      context.metricGroup().setPendingRecordsGauge(() -> backlog);
    }

    @Override
    public Long map(Long number) {
      return number;
    }
  }

  /** Keeps a count per key, so that checkpoints carry keyed state. */
  private static final class CountPerKey extends RichMapFunction<Long, Long> implements CheckpointedFunction {

    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public Long map(Long number) throws Exception {
      Long seen = count.value();
      count.update(seen == null ? 1 : seen + 1);
      return number;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws InterruptedException {
      // Throwing here would fail the task and restart the job; a slow snapshot only fails the checkpoint.
      Thread.sleep(SNAPSHOTS.get().delay.toMillis());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
      // Nothing of its own to restore: the keyed count is restored by Flink.
    }
  }
}
