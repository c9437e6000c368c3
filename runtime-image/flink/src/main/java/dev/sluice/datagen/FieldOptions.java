package dev.sluice.datagen;

import dev.sluice.plan.DatagenTableOptions;
import org.apache.flink.table.api.ValidationException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads the {@code fields.<column>.<setting>} options of a sluice-datagen table. */
final class FieldOptions {

  private static final List<String> SETTINGS = List.of(DatagenTableOptions.KIND, DatagenTableOptions.MIN,
      DatagenTableOptions.MAX, DatagenTableOptions.LENGTH, DatagenTableOptions.START, DatagenTableOptions.END,
      DatagenTableOptions.NULL_RATE);

  private FieldOptions() {
  }

  static Map<String, FieldSpec> parse(Map<String, String> options, List<String> columns) {
    String prefix = DatagenTableOptions.FIELDS + ".";
    for (String key : options.keySet()) {
      if (key.startsWith(prefix) && columns.stream().noneMatch(column -> isSettingOf(key, column))) {
        throw new ValidationException("option '" + key + "' names no column with a known setting; columns are "
            + columns + " and settings are " + SETTINGS);
      }
    }
    Map<String, FieldSpec> specs = new HashMap<>();
    for (String column : columns) {
      if (options.keySet().stream().anyMatch(key -> isSettingOf(key, column))) {
        specs.put(column, spec(options, column));
      }
    }
    return specs;
  }

  private static boolean isSettingOf(String key, String column) {
    return SETTINGS.stream().anyMatch(setting -> key.equals(DatagenTableOptions.field(column, setting)));
  }

  private static FieldSpec spec(Map<String, String> options, String column) {
    String kind = options.getOrDefault(DatagenTableOptions.field(column, DatagenTableOptions.KIND), "random");
    boolean sequence = kind.equals("sequence");
    if (!sequence && !kind.equals("random")) {
      throw new ValidationException("column '" + column + "' has kind '" + kind + "'; use random or sequence");
    }
    FieldSpec spec = new FieldSpec(sequence,
        value(options, column, DatagenTableOptions.MIN, Double::valueOf),
        value(options, column, DatagenTableOptions.MAX, Double::valueOf),
        value(options, column, DatagenTableOptions.LENGTH, Integer::valueOf),
        value(options, column, DatagenTableOptions.START, Long::valueOf),
        value(options, column, DatagenTableOptions.END, Long::valueOf),
        value(options, column, DatagenTableOptions.NULL_RATE, Double::valueOf) == null ? 0.0
            : value(options, column, DatagenTableOptions.NULL_RATE, Double::valueOf));
    if (sequence && (spec.start() == null || spec.end() == null || spec.end() < spec.start())) {
      throw new ValidationException("column '" + column + "' is a sequence; set start and end with start <= end");
    }
    return spec;
  }

  private static <T> T value(Map<String, String> options, String column, String setting, Function<String, T> parse) {
    String text = options.get(DatagenTableOptions.field(column, setting));
    try {
      return text == null ? null : parse.apply(text);
    } catch (NumberFormatException e) {
      throw new ValidationException("option '" + DatagenTableOptions.field(column, setting) + "' is '" + text
          + "', which is not a number", e);
    }
  }
}
