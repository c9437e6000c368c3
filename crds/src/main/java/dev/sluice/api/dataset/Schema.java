package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.primaryKey) || self.primaryKey.all(k, self.columns.exists(c, c.name == k))",
    message = "spec.schema.primaryKey names a column that is not in spec.schema.columns",
    reason = "FieldValueInvalid", fieldPath = ".primaryKey")
@ValidationRule(value = "!has(self.eventTime) || self.columns.exists(c, c.name == self.eventTime.column)",
    message = "spec.schema.eventTime.column names a column that is not in spec.schema.columns",
    reason = "FieldValueInvalid", fieldPath = ".eventTime.column")
public record Schema(
    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("The columns, in order. Names are unique (a list keyed by name).")
    List<Column> columns,

    @Size(max = 16)
    @JsonPropertyDescription("Columns that identify a row. Needed for upserts and changelog formats.")
    List<@Size(max = 128) String> primaryKey,

    @JsonPropertyDescription("The column that carries event time, and how late data may arrive.")
    EventTime eventTime) {

  public Schema {
    columns = columns == null ? List.of() : List.copyOf(columns);
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
  }
}
