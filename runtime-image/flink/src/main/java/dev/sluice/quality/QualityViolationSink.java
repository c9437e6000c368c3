package dev.sluice.quality;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;

import java.util.List;

/**
 * Receives one row per violation, holding the rule's name. Sinks see each row once however the
 * planner rewrote the query, so counting here counts each violation once.
 */
final class QualityViolationSink implements DynamicTableSink, Sink<RowData> {

  private static final long serialVersionUID = 1L;

  private final List<String> rules;
  private final List<String> failRules;

  QualityViolationSink(List<String> rules, List<String> failRules) {
    this.rules = List.copyOf(rules);
    this.failRules = List.copyOf(failRules);
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
    // A checked changelog input (such as debezium-json) sends retractions too; the writer counts arrivals.
    return ChangelogMode.all();
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    return SinkV2Provider.of(this);
  }

  @Override
  public SinkWriter<RowData> createWriter(WriterInitContext context) {
    return new ViolationCounter(rules, failRules, context.metricGroup());
  }

  @Override
  public DynamicTableSink copy() {
    return new QualityViolationSink(rules, failRules);
  }

  @Override
  public String asSummaryString() {
    return "sluice quality violations " + rules;
  }
}
