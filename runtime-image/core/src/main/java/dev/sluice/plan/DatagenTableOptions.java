package dev.sluice.plan;

import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.DatagenConnector;
import dev.sluice.api.dataset.FieldGenerator;
import dev.sluice.api.dataset.RateProfile;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Options of Sluice's generated-data connector, whose rate follows a rate profile. The keys are
 * the contract between the plan and the connector that reads them.
 */
public final class DatagenTableOptions {

  public static final String IDENTIFIER = "sluice-datagen";
  public static final String ROWS_PER_SECOND = "rows-per-second";
  public static final String NUMBER_OF_ROWS = "number-of-rows";
  public static final String SHAPE = "profile.shape";
  public static final String FACTOR = "profile.factor";
  public static final String START_AFTER = "profile.start-after";
  public static final String DURATION = "profile.duration";
  public static final String PERIOD = "profile.period";
  public static final String FIELDS = "fields";
  public static final String KIND = "kind";
  public static final String MIN = "min";
  public static final String MAX = "max";
  public static final String LENGTH = "length";
  public static final String START = "start";
  public static final String END = "end";
  public static final String NULL_RATE = "null-rate";

  private DatagenTableOptions() {
  }

  /** The option key of one setting of one column, such as fields.user_id.min. */
  public static String field(String column, String setting) {
    return FIELDS + "." + column + "." + setting;
  }

  static void render(DatagenConnector datagen, Map<String, String> options) {
    options.put("connector", IDENTIFIER);
    options.put(ROWS_PER_SECOND, datagen.rowsPerSecond().toString());
    if (datagen.numberOfRows() != null) {
      options.put(NUMBER_OF_ROWS, datagen.numberOfRows().toString());
    }
    RateProfile profile = datagen.profile();
    options.put(SHAPE, profile.shape().name().toLowerCase(Locale.ROOT));
    options.put(FACTOR, profile.factor().toString());
    options.put(START_AFTER, Sql.flinkDuration(Durations.parse(profile.startAfter())));
    if (profile.duration() != null) {
      options.put(DURATION, Sql.flinkDuration(Durations.parse(profile.duration())));
    }
    if (profile.period() != null) {
      options.put(PERIOD, Sql.flinkDuration(Durations.parse(profile.period())));
    }
    new TreeMap<>(datagen.fields()).forEach((column, generator) -> field(column, generator, options));
  }

  private static void field(String column, FieldGenerator generator, Map<String, String> options) {
    options.put(field(column, KIND), generator.kind().name().toLowerCase(Locale.ROOT));
    putIfSet(options, field(column, MIN), generator.min());
    putIfSet(options, field(column, MAX), generator.max());
    putIfSet(options, field(column, LENGTH), generator.length());
    putIfSet(options, field(column, START), generator.start());
    putIfSet(options, field(column, END), generator.end());
    putIfSet(options, field(column, NULL_RATE), generator.nullRate());
  }

  private static void putIfSet(Map<String, String> options, String key, Object value) {
    if (value != null) {
      options.put(key, value.toString());
    }
  }
}
