package dev.sluice.datagen;

import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import java.util.List;
import java.util.SplittableRandom;

/** Makes the row with a given index; the same index always makes the same row (timestamps aside). */
final class RowGenerator implements GeneratorFunction<Long, RowData> {

  private static final long serialVersionUID = 1L;
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final List<ColumnValues> columns;
  private final long seed;

  RowGenerator(List<ColumnValues> columns, long seed) {
    this.columns = List.copyOf(columns);
    this.seed = seed;
  }

  @Override
  public RowData map(Long index) {
    GenericRowData row = new GenericRowData(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      SplittableRandom random = new SplittableRandom(seed + index * GOLDEN_GAMMA + i);
      row.setField(i, columns.get(i).valueAt(index, random));
    }
    return row;
  }
}
