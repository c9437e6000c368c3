package dev.sluice.plan;

import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.Column;
import dev.sluice.api.dataset.Connector;
import dev.sluice.api.dataset.EventTime;
import dev.sluice.api.dataset.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CREATE TABLE statement of a Dataset. Column descriptions and the contract stay out of it:
 * they do not change what the job does, so editing them must not change the plan's hash.
 */
final class TableDdl {

  /** How often a filesystem source looks for new files; without it, it would read once and end. */
  private static final String FILE_MONITOR_INTERVAL = "30 s";

  private TableDdl() {
  }

  static PlanStatement render(Table table, PlanContext context, Rendered into) {
    connectorOptions(table, context, into);
    Schema schema = table.spec().schema();
    List<String> elements = new ArrayList<>();
    schema.columns().forEach(column -> elements.add(column(column)));
    if (schema.eventTime() != null) {
      elements.add(watermark(schema.eventTime()));
    }
    if (!schema.primaryKey().isEmpty()) {
      elements.add("PRIMARY KEY (" + identifiers(schema.primaryKey()) + ") NOT ENFORCED");
    }
    String sql = "CREATE TABLE " + table.reference() + " (\n  "
        + String.join(",\n  ", elements) + "\n)"
        + partitioning(table)
        + " WITH (\n  " + options(into.options()) + "\n)";
    return new PlanStatement(sql, "Dataset/" + table.dataset(), "spec.schema", 0);
  }

  private static String column(Column column) {
    if (column.computed()) {
      return Sql.identifier(column.name()) + " AS " + column.expression();
    }
    return Sql.identifier(column.name()) + " " + column.type() + (column.nullable() ? "" : " NOT NULL");
  }

  private static String watermark(EventTime eventTime) {
    String column = Sql.identifier(eventTime.column());
    return "WATERMARK FOR " + column + " AS " + column + " - "
        + Sql.interval(Durations.parse(eventTime.watermarkDelay()));
  }

  private static String partitioning(Table table) {
    Connector connector = table.spec().connector();
    if (connector.filesystem() == null || connector.filesystem().partitionBy().isEmpty()) {
      return "";
    }
    return " PARTITIONED BY (" + identifiers(connector.filesystem().partitionBy()) + ")";
  }

  private static void connectorOptions(Table table, PlanContext context, Rendered into) {
    Connector connector = table.spec().connector();
    Map<String, String> options = into.options();
    if (connector.kafka() != null) {
      KafkaOptions.render(table, connector.kafka(), table.spec().format(), context, into);
    } else if (connector.filesystem() != null) {
      options.put("connector", "filesystem");
      options.put("path", connector.filesystem().path());
      FormatOptions.render(table.spec().format(), "", options);
      if (table.role() == TableRole.SOURCE) {
        options.put("source.monitor-interval", FILE_MONITOR_INTERVAL);
      }
    } else if (connector.datagen() != null) {
      DatagenTableOptions.render(connector.datagen(), options);
    } else if (connector.blackhole() != null) {
      options.put("connector", "blackhole");
    } else if (connector.print() != null) {
      options.put("connector", "print");
      if (connector.print().identifier() != null) {
        options.put("print-identifier", connector.print().identifier());
      }
    } else {
      into.errors().add(PlanError.dataset(table.dataset(), "spec.connector",
          "no connector is set; set exactly one of kafka, filesystem, datagen, blackhole or print"));
    }
  }

  private static String options(Map<String, String> options) {
    return options.entrySet().stream()
        .map(option -> Sql.literal(option.getKey()) + " = " + Sql.literal(option.getValue()))
        .collect(Collectors.joining(",\n  "));
  }

  private static String identifiers(List<String> names) {
    return names.stream().map(Sql::identifier).collect(Collectors.joining(", "));
  }
}
