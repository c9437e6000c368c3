package dev.sluice.plan;

import dev.sluice.api.dataset.Format;

import java.util.Map;

/** The format options of a table. Timestamps in JSON are ISO-8601, as most producers write them. */
final class FormatOptions {

  private FormatOptions() {
  }

  /** Puts the format options with a prefix: "" for most connectors, "key." or "value." for upsert-kafka. */
  static void render(Format format, String prefix, Map<String, String> options) {
    options.put(prefix + "format", format.flinkName());
    if (format == Format.JSON || format == Format.DEBEZIUM_JSON) {
      options.put(prefix + format.flinkName() + ".timestamp-format.standard", "ISO-8601");
    }
  }
}
