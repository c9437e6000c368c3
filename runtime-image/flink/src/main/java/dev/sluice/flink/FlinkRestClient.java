package dev.sluice.flink;

import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobDetails;
import dev.sluice.observation.JobFailure;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.JobVertex;
import dev.sluice.observation.VertexMetrics;
import dev.sluice.flink.RestMessages.AggregatedMetric;
import dev.sluice.flink.RestMessages.AsyncOperation;
import dev.sluice.flink.RestMessages.CheckpointOperation;
import dev.sluice.flink.RestMessages.CheckpointRequest;
import dev.sluice.flink.RestMessages.CheckpointingStatistics;
import dev.sluice.flink.RestMessages.ClusterOverview;
import dev.sluice.flink.RestMessages.ExceptionHistory;
import dev.sluice.flink.RestMessages.JobExceptions;
import dev.sluice.flink.RestMessages.JobDetailsInfo;
import dev.sluice.flink.RestMessages.JobsOverview;
import dev.sluice.flink.RestMessages.MetricValue;
import dev.sluice.flink.RestMessages.SavepointRequest;
import dev.sluice.flink.RestMessages.StopRequest;
import dev.sluice.flink.RestMessages.TriggerResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link FlinkJobClient} over Flink's REST API with the JDK HTTP client; the operator needs no
 * Flink classes. One instance serves all pipelines.
 */
public final class FlinkRestClient implements FlinkJobClient {

  /** Long enough for a busy job manager, short enough not to stall a reconciliation. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A sink's writer operator is named {@code <sink>: Writer}; metric names replace ": " with "__".
   * Flink cuts operator names longer than 80 characters in metric names, so a sink with a name
   * that long is not found.
   */
  private static final String WRITER_INPUT_WATERMARK = "__Writer.currentInputWatermark";

  private final RestCalls calls;

  public FlinkRestClient() {
    this(DEFAULT_TIMEOUT);
  }

  /** @param timeout bounds connecting and each request's answer */
  public FlinkRestClient(Duration timeout) {
    this.calls = new RestCalls(timeout);
  }

  @Override
  public List<JobSummary> jobs(FlinkEndpoint endpoint) {
    String path = "/jobs/overview";
    return calls.get(endpoint, path, JobsOverview.class).jobs().stream()
        .map(job -> new JobSummary(job.jid(), job.name(), state(endpoint, path, job.state()),
            Instant.ofEpochMilli(job.startTime())))
        .toList();
  }

  @Override
  public JobDetails job(FlinkEndpoint endpoint, String jobId) {
    String path = "/jobs/" + jobId;
    JobDetailsInfo info = calls.get(endpoint, path, JobDetailsInfo.class);
    var summary = new JobSummary(info.jid(), info.name(), state(endpoint, path, info.state()),
        Instant.ofEpochMilli(info.startTime()));
    OptionalLong restarts = calls.getList(endpoint, path + "/metrics?get=numRestarts", MetricValue.class)
        .stream()
        .filter(metric -> "numRestarts".equals(metric.id()))
        .mapToLong(metric -> Long.parseLong(metric.value()))
        .findFirst();
    return new JobDetails(summary, restarts, RestMapping.vertices(info));
  }

  @Override
  public Optional<JobFailure> latestFailure(FlinkEndpoint endpoint, String jobId) {
    JobExceptions exceptions = calls.get(endpoint, "/jobs/" + jobId + "/exceptions?maxExceptions=1",
        JobExceptions.class);
    return Optional.ofNullable(exceptions.exceptionHistory()).map(ExceptionHistory::entries).orElse(List.of())
        .stream().findFirst()
        .map(entry -> JobFailure.of(Instant.ofEpochMilli(entry.timestamp()), entry.exceptionName(), entry.stacktrace()));
  }

  @Override
  public CheckpointStats checkpoints(FlinkEndpoint endpoint, String jobId) {
    return RestMapping.checkpointStats(
        calls.get(endpoint, "/jobs/" + jobId + "/checkpoints", CheckpointingStatistics.class));
  }

  @Override
  public VertexMetrics vertexMetrics(FlinkEndpoint endpoint, String jobId, JobVertex vertex) {
    String path = subtaskMetrics(jobId, vertex);
    VertexMetricNames names = VertexMetricNames.select(vertex, metricNames(endpoint, path));
    return names.read(vertex, aggregates(endpoint, path, names.all(), "sum,max,avg"));
  }

  @Override
  public OptionalLong writerInputWatermark(FlinkEndpoint endpoint, String jobId, JobVertex vertex) {
    String path = subtaskMetrics(jobId, vertex);
    List<String> writers = metricNames(endpoint, path).stream()
        .filter(name -> name.endsWith(WRITER_INPUT_WATERMARK))
        .toList();
    // Before its first watermark an operator reports Long.MIN_VALUE.
    return aggregates(endpoint, path, writers, "min").values().stream()
        .map(AggregatedMetric::min)
        .filter(min -> min != null && min > Long.MIN_VALUE / 2.0)
        .mapToLong(Math::round)
        .min();
  }

  @Override
  public Map<String, Long> qualityViolations(FlinkEndpoint endpoint, String jobId, JobVertex vertex) {
    String path = subtaskMetrics(jobId, vertex);
    Map<String, String> rules = VertexMetricNames.qualityViolations(metricNames(endpoint, path));
    Map<String, Long> byRule = new TreeMap<>();
    aggregates(endpoint, path, List.copyOf(rules.keySet()), "sum").forEach((name, metric) -> {
      if (metric.sum() != null) {
        byRule.merge(rules.get(name), Math.round(metric.sum()), Long::sum);
      }
    });
    return byRule;
  }

  private static String subtaskMetrics(String jobId, JobVertex vertex) {
    return "/jobs/" + jobId + "/vertices/" + vertex.id() + "/subtasks/metrics";
  }

  /** Operator metrics carry the operator's name, so a vertex's metrics are listed to find them. */
  private List<String> metricNames(FlinkEndpoint endpoint, String path) {
    return calls.getList(endpoint, path, AggregatedMetric.class).stream().map(AggregatedMetric::id).toList();
  }

  private Map<String, AggregatedMetric> aggregates(FlinkEndpoint endpoint, String path, List<String> names,
      String aggregations) {
    if (names.isEmpty()) {
      return Map.of();
    }
    String query = names.stream()
        .map(name -> URLEncoder.encode(name, StandardCharsets.UTF_8))
        .collect(Collectors.joining(",", "?get=", "&agg=" + aggregations));
    return calls.getList(endpoint, path + query, AggregatedMetric.class).stream()
        .collect(Collectors.toMap(AggregatedMetric::id, Function.identity(), (a, b) -> a));
  }

  @Override
  public SavepointTrigger triggerSavepoint(
      FlinkEndpoint endpoint, String jobId, Optional<String> targetDirectory) {
    var body = new SavepointRequest(targetDirectory.orElse(null), false);
    return trigger(endpoint, jobId, "/jobs/" + jobId + "/savepoints", body);
  }

  @Override
  public String triggerCheckpoint(FlinkEndpoint endpoint, String jobId) {
    return calls.post(endpoint, "/jobs/" + jobId + "/checkpoints", new CheckpointRequest("CONFIGURED"),
        TriggerResponse.class).requestId();
  }

  @Override
  public Optional<CheckpointOutcome> checkpointOutcome(FlinkEndpoint endpoint, String jobId, String triggerId) {
    CheckpointOperation operation = calls.get(endpoint, "/jobs/" + jobId + "/checkpoints/" + triggerId,
        CheckpointOperation.class);
    if (!operation.completed()) {
      return Optional.empty();
    }
    var info = operation.operation();
    if (info == null || info.checkpointId() == null) {
      return Optional.of(new CheckpointOutcome(OptionalLong.empty(), Optional.of(info == null
          || info.failureCause() == null ? "no checkpoint and no cause reported"
          : RestMapping.failureSummary(info.failureCause()))));
    }
    return Optional.of(new CheckpointOutcome(OptionalLong.of(info.checkpointId()), Optional.empty()));
  }

  @Override
  public int registeredSlots(FlinkEndpoint endpoint) {
    return calls.get(endpoint, "/overview", ClusterOverview.class).slotsTotal();
  }

  @Override
  public SavepointTrigger stopWithSavepoint(FlinkEndpoint endpoint, String jobId) {
    var body = new StopRequest(null, false);
    return trigger(endpoint, jobId, "/jobs/" + jobId + "/stop", body);
  }

  private SavepointTrigger trigger(FlinkEndpoint endpoint, String jobId, String path, Object body) {
    return new SavepointTrigger(jobId, calls.post(endpoint, path, body, TriggerResponse.class).requestId());
  }

  @Override
  public Optional<String> savepointLocation(FlinkEndpoint endpoint, SavepointTrigger trigger) {
    String path = "/jobs/" + trigger.jobId() + "/savepoints/" + trigger.triggerId();
    AsyncOperation operation = calls.get(endpoint, path, AsyncOperation.class);
    if (!operation.completed()) {
      return Optional.empty();
    }
    var info = operation.operation();
    if (info == null || info.location() == null) {
      String cause = info == null || info.failureCause() == null
          ? "no location and no cause reported"
          : RestMapping.failureSummary(info.failureCause());
      throw new SavepointFailedException(endpoint.pipeline(), endpoint.resolve(path), cause);
    }
    return Optional.of(info.location());
  }

  private static FlinkJobState state(FlinkEndpoint endpoint, String path, String state) {
    try {
      return FlinkJobState.valueOf(state);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new FlinkRestException(endpoint.pipeline(), endpoint.resolve(path),
          "unknown job state " + state + "; this operator knows Flink 2.2's", e);
    }
  }
}
