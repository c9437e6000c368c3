package dev.sluice.local;

import dev.sluice.plan.QualityTableOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A metric reporter that keeps the counters of the Flink cluster in this process, so that
 * {@code sluice run} and tests read the numbers Flink's reporters (such as Prometheus) export.
 */
public final class LocalMetrics implements MetricReporter {

  private record Registered(Counter counter, Map<String, String> scope, String name) {
  }

  private static final Map<Counter, Registered> COUNTERS = new ConcurrentHashMap<>();

  /** Creates the reporter; named by {@code metrics.reporter.<name>.factory.class}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new LocalMetrics();
    }
  }

  /** Rows the job's sources emitted. */
  public static long rowsRead(String jobId) {
    return sum(jobId, "numRecordsOut", operator -> operator.startsWith("Source: "));
  }

  /** Rows the job's sinks received, the violation counter aside. Sinks are named "Sink: t" or "t: Writer". */
  public static long rowsWritten(String jobId) {
    return sum(jobId, "numRecordsIn", operator -> (operator.startsWith("Sink: ") || operator.endsWith(": Writer"))
        && !operator.startsWith("quality_violations"));
  }

  /** Violations per quality rule, summed over the subtasks that run now. */
  public static Map<String, Long> violations(String jobId) {
    Map<String, Long> byRule = new TreeMap<>();
    String rule = "<" + QualityTableOptions.METRIC_GROUP + ">";
    COUNTERS.values().stream()
        .filter(r -> r.name().equals(QualityTableOptions.COUNTER) && jobId.equals(r.scope().get("<job_id>"))
            && r.scope().containsKey(rule))
        .forEach(r -> byRule.merge(r.scope().get(rule), r.counter().getCount(), Long::sum));
    return byRule;
  }

  private static long sum(String jobId, String name, Predicate<String> operator) {
    return COUNTERS.values().stream()
        .filter(r -> r.name().equals(name) && jobId.equals(r.scope().get("<job_id>"))
            && r.scope().containsKey("<operator_name>") && operator.test(r.scope().get("<operator_name>")))
        .mapToLong(r -> r.counter().getCount()).sum();
  }

  @Override
  public void open(MetricConfig config) {
    // Nothing to connect to.
  }

  @Override
  public void close() {
    // Counters leave with their tasks, through notifyOfRemovedMetric.
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Counter counter) {
      COUNTERS.put(counter, new Registered(counter, Map.copyOf(group.getAllVariables()), name));
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    COUNTERS.remove(metric);
  }
}
