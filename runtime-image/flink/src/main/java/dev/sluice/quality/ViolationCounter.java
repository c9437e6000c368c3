package dev.sluice.quality;

import dev.sluice.plan.QualityTableOptions;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts violations per rule in the metric group {@code sluice_quality} with the rule's name, so
 * Prometheus sees {@code ..._sluice_quality_violations{sluice_quality="<rule>"}}. A violation of a
 * rule whose action is fail fails the job, after it was counted.
 */
final class ViolationCounter implements SinkWriter<RowData> {

  private final Map<String, Counter> counters = new LinkedHashMap<>();
  private final List<String> failRules;

  ViolationCounter(List<String> rules, List<String> failRules, MetricGroup metrics) {
    this.failRules = failRules;
    // Registered up front, so that a rule nobody violated reports zero rather than nothing.
    rules.forEach(rule -> counters.put(rule,
        metrics.addGroup(QualityTableOptions.METRIC_GROUP, rule).counter(QualityTableOptions.COUNTER)));
  }

  @Override
  public void write(RowData row, Context context) {
    if (row.getRowKind() != RowKind.INSERT && row.getRowKind() != RowKind.UPDATE_AFTER) {
      return;
    }
    String rule = row.getString(0).toString();
    Counter counter = counters.get(rule);
    if (counter == null) {
      throw new IllegalStateException("violation of rule '" + rule + "', which the plan does not declare");
    }
    counter.inc();
    if (failRules.contains(rule)) {
      throw new QualityRuleFailure(rule);
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    // Counters need no flushing.
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
