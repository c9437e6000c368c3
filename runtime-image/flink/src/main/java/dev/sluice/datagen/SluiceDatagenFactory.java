package dev.sluice.datagen;

import dev.sluice.api.dataset.RateProfile;
import dev.sluice.plan.DatagenTableOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@code sluice-datagen} connector: generated rows at a rate that follows a rate profile. */
public final class SluiceDatagenFactory implements DynamicTableSourceFactory {

  static final ConfigOption<Long> ROWS_PER_SECOND =
      ConfigOptions.key(DatagenTableOptions.ROWS_PER_SECOND).longType().defaultValue(100L);
  static final ConfigOption<Long> NUMBER_OF_ROWS =
      ConfigOptions.key(DatagenTableOptions.NUMBER_OF_ROWS).longType().noDefaultValue();
  static final ConfigOption<String> SHAPE =
      ConfigOptions.key(DatagenTableOptions.SHAPE).stringType().defaultValue("constant");
  static final ConfigOption<Double> FACTOR = ConfigOptions.key(DatagenTableOptions.FACTOR).doubleType().defaultValue(5.0);
  static final ConfigOption<Duration> START_AFTER =
      ConfigOptions.key(DatagenTableOptions.START_AFTER).durationType().defaultValue(Duration.ofMinutes(1));
  static final ConfigOption<Duration> DURATION =
      ConfigOptions.key(DatagenTableOptions.DURATION).durationType().noDefaultValue();
  static final ConfigOption<Duration> PERIOD = ConfigOptions.key(DatagenTableOptions.PERIOD).durationType().noDefaultValue();

  @Override
  public String factoryIdentifier() {
    return DatagenTableOptions.IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(ROWS_PER_SECOND, NUMBER_OF_ROWS, SHAPE, FACTOR, START_AFTER, DURATION, PERIOD);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validateExcept(DatagenTableOptions.FIELDS + ".");
    ReadableConfig options = helper.getOptions();
    DataType physical = context.getPhysicalRowDataType();
    RowType rowType = (RowType) physical.getLogicalType();
    Map<String, FieldSpec> specs = FieldOptions.parse(context.getCatalogTable().getOptions(), rowType.getFieldNames());
    List<ColumnValues> columns = new ArrayList<>();
    for (RowType.RowField field : rowType.getFields()) {
      columns.add(new ColumnValues(field.getName(), field.getType(),
          specs.getOrDefault(field.getName(), FieldSpec.RANDOM)));
    }
    long seed = context.getObjectIdentifier().asSummaryString().hashCode();
    return new DatagenTableSource(physical, new RowGenerator(columns, seed), schedule(options),
        options.getOptional(NUMBER_OF_ROWS).orElse(Long.MAX_VALUE));
  }

  private static RateSchedule schedule(ReadableConfig options) {
    RateProfile.Shape shape;
    try {
      shape = RateProfile.Shape.valueOf(options.get(SHAPE).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("'" + SHAPE.key() + "' is '" + options.get(SHAPE)
          + "'; use constant, step, spike or sine", e);
    }
    try {
      return new RateSchedule(options.get(ROWS_PER_SECOND), shape, options.get(FACTOR), options.get(START_AFTER),
          options.getOptional(DURATION).orElse(null), options.getOptional(PERIOD).orElse(null));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("the rate profile is incomplete: " + e.getMessage(), e);
    }
  }
}
