package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DatagenConnector(
    @Default("100")
    @Min(0)
    @JsonPropertyDescription("The base rate in rows per second, across all source subtasks.")
    Long rowsPerSecond,

    @Default("{}")
    @JsonPropertyDescription("How the rate changes over time. Constant when absent.")
    RateProfile profile,

    @Min(1)
    @JsonPropertyDescription("Stop after this many rows. Unbounded when absent.")
    Long numberOfRows,

    @JsonPropertyDescription("How each column's values are generated, by column name. "
        + "Columns not listed get random values of their type.")
    Map<String, FieldGenerator> fields) {

  public DatagenConnector {
    rowsPerSecond = rowsPerSecond == null ? 100L : rowsPerSecond;
    profile = profile == null ? RateProfile.CONSTANT : profile;
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }
}
