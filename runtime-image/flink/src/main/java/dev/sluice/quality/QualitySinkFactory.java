package dev.sluice.quality;

import dev.sluice.plan.QualityTableOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The {@code sluice-quality} connector: a sink that counts the violations of quality rules. */
public final class QualitySinkFactory implements DynamicTableSinkFactory {

  static final ConfigOption<String> RULES = ConfigOptions.key(QualityTableOptions.RULES).stringType().noDefaultValue();
  static final ConfigOption<String> FAIL_RULES =
      ConfigOptions.key(QualityTableOptions.FAIL_RULES).stringType().defaultValue("");

  @Override
  public String factoryIdentifier() {
    return QualityTableOptions.IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(RULES);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(FAIL_RULES);
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    return new QualityViolationSink(names(helper.getOptions().get(RULES)), names(helper.getOptions().get(FAIL_RULES)));
  }

  private static List<String> names(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
  }
}
