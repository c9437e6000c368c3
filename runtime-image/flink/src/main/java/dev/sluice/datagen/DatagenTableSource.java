package dev.sluice.datagen;

import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/** Generated rows, paced by a rate schedule; bounded when a number of rows is set. */
final class DatagenTableSource implements ScanTableSource {

  private final DataType physical;
  private final RowGenerator generator;
  private final RateSchedule schedule;
  private final long numberOfRows;

  DatagenTableSource(DataType physical, RowGenerator generator, RateSchedule schedule, long numberOfRows) {
    this.physical = physical;
    this.generator = generator;
    this.schedule = schedule;
    this.numberOfRows = numberOfRows;
  }

  @Override
  public ChangelogMode getChangelogMode() {
    return ChangelogMode.insertOnly();
  }

  @Override
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    // Called when the job graph is built: the profile's clock starts here.
    ProfileRateLimiterStrategy pacing = new ProfileRateLimiterStrategy(schedule, System.currentTimeMillis());
    return SourceProvider.of(new DataGeneratorSource<RowData>(generator, numberOfRows, pacing,
        context.createTypeInformation(physical)));
  }

  @Override
  public DynamicTableSource copy() {
    return new DatagenTableSource(physical, generator, schedule, numberOfRows);
  }

  @Override
  public String asSummaryString() {
    return "sluice-datagen " + schedule;
  }
}
