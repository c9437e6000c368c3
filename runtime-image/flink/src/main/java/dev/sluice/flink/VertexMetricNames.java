package dev.sluice.flink;

import dev.sluice.observation.JobVertex;
import dev.sluice.observation.VertexMetrics;
import dev.sluice.flink.RestMessages.AggregatedMetric;

import dev.sluice.plan.QualityTableOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Which of a vertex's subtask metrics to fetch, and how to read them. Task metrics have fixed
 * names; a source's metrics are prefixed with its operator name, such as {@code
 * Source__orders_1_.pendingRecords}, so they are picked from the names the vertex reports.
 */
record VertexMetricNames(List<String> task, List<String> sourceEmits, List<String> pendingRecords,
    List<String> sourceEmitCounts) {

  private static final String BUSY_TIME = "busyTimeMsPerSecond";
  private static final String RECORDS_IN = "numRecordsInPerSecond";
  private static final String RECORDS_OUT = "numRecordsOutPerSecond";
  private static final String RECORDS_IN_COUNT = "numRecordsIn";
  private static final String BUSY_TIME_COUNT = "accumulateBusyTimeMs";
  private static final String RECORDS_OUT_COUNT = "numRecordsOut";
  private static final String SOURCE_OPERATOR_PREFIX = "Source__";

  static VertexMetricNames select(JobVertex vertex, List<String> available) {
    List<String> task = Stream.of(BUSY_TIME, RECORDS_IN, RECORDS_OUT, RECORDS_IN_COUNT, BUSY_TIME_COUNT)
        .filter(available::contains).toList();
    if (!vertex.source()) {
      return new VertexMetricNames(task, List.of(), List.of(), List.of());
    }
    return new VertexMetricNames(task,
        sourceOperators(available, RECORDS_OUT),
        available.stream().filter(name -> name.endsWith(".pendingRecords")).toList(),
        sourceOperators(available, RECORDS_OUT_COUNT));
  }

  private static List<String> sourceOperators(List<String> available, String metric) {
    return available.stream()
        .filter(name -> name.startsWith(SOURCE_OPERATOR_PREFIX) && name.endsWith("." + metric))
        .toList();
  }

  /**
   * The quality sink's violation counters among a vertex's metric names, each with its rule: the
   * counter {@code <operator>.sluice_quality.<rule>.violations} of {@code ViolationCounter}.
   */
  static Map<String, String> qualityViolations(List<String> available) {
    String group = "." + QualityTableOptions.METRIC_GROUP + ".";
    String counter = "." + QualityTableOptions.COUNTER;
    Map<String, String> rules = new LinkedHashMap<>();
    for (String name : available) {
      int at = name.indexOf(group);
      if (at >= 0 && name.endsWith(counter) && name.length() > at + group.length() + counter.length()) {
        rules.put(name, name.substring(at + group.length(), name.length() - counter.length()));
      }
    }
    return rules;
  }

  List<String> all() {
    return Stream.of(task, sourceEmits, pendingRecords, sourceEmitCounts).flatMap(List::stream).toList();
  }

  VertexMetrics read(JobVertex vertex, Map<String, AggregatedMetric> values) {
    // A source vertex receives nothing over the network: its input is what its sources emit. Not
    // every source reader counts the records it reads, but every source operator counts its output.
    OptionalDouble recordsIn = vertex.source()
        ? sum(sourceEmits, values)
        : present(values.get(RECORDS_IN), AggregatedMetric::sum);
    OptionalDouble recordsInCount = vertex.source()
        ? sum(sourceEmitCounts, values)
        : present(values.get(RECORDS_IN_COUNT), AggregatedMetric::sum);
    OptionalDouble pending = sum(pendingRecords, values);
    return new VertexMetrics(vertex,
        present(values.get(BUSY_TIME), AggregatedMetric::avg),
        present(values.get(BUSY_TIME), AggregatedMetric::max),
        recordsIn,
        present(values.get(RECORDS_OUT), AggregatedMetric::sum),
        rounded(pending),
        rounded(recordsInCount),
        present(values.get(BUSY_TIME_COUNT), AggregatedMetric::avg));
  }

  private static OptionalLong rounded(OptionalDouble value) {
    return value.isPresent() ? OptionalLong.of(Math.round(value.getAsDouble())) : OptionalLong.empty();
  }

  /** The sum over subtasks of each named metric, added up; empty if none has a value. */
  private static OptionalDouble sum(List<String> names, Map<String, AggregatedMetric> values) {
    return names.stream()
        .map(name -> present(values.get(name), AggregatedMetric::sum))
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .reduce(Double::sum);
  }

  /** Flink reports NaN for a gauge that has no value yet; treat it as missing. */
  private static OptionalDouble present(
      AggregatedMetric metric, Function<AggregatedMetric, Double> aggregate) {
    Double value = metric == null ? null : aggregate.apply(metric);
    return value == null || value.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
