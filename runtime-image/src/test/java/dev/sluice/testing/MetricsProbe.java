package dev.sluice.testing;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric reporter that keeps the counters of the MiniCluster in the test JVM, so a test reads
 * exactly what Flink's reporters (such as Prometheus) would export.
 */
public final class MetricsProbe implements MetricReporter {

  private record Registered(Counter counter, Map<String, String> variables, String name) {
  }

  private static final Map<Counter, Registered> COUNTERS = new ConcurrentHashMap<>();

  /** Creates the probe; named by {@code metrics.reporter.<name>.factory.class}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new MetricsProbe();
    }
  }

  /**
   * The sum over a job's live subtasks of the counters with a name, grouped by the value of a
   * scope variable, such as the violations counters of the metric group {@code sluice_quality} by rule.
   */
  public static Map<String, Long> countersByVariable(String jobId, String name, String variable) {
    String key = "<" + variable + ">";
    Map<String, Long> sums = new HashMap<>();
    for (Registered registered : COUNTERS.values()) {
      Map<String, String> variables = registered.variables();
      if (registered.name().equals(name) && jobId.equals(variables.get("<job_id>")) && variables.containsKey(key)) {
        sums.merge(variables.get(key), registered.counter().getCount(), Long::sum);
      }
    }
    return sums;
  }

  @Override
  public void open(MetricConfig config) {
    // Nothing to connect to.
  }

  @Override
  public void close() {
    // The counters stay readable until the next cluster replaces them.
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
