package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "has(self.type) != has(self.expression)",
    message = "a column sets exactly one of type (a stored column) or expression (a computed column)",
    reason = "FieldValueInvalid")
public record Column(
    @Required
    @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
    @Size(max = 128)
    @JsonPropertyDescription("Column name: letters, digits and underscores, not starting with a digit.")
    String name,

    @Size(max = 512)
    @JsonPropertyDescription("Flink SQL data type, such as STRING, BIGINT, DECIMAL(10, 2), TIMESTAMP_LTZ(3).")
    String type,

    @Size(max = 1024)
    @JsonPropertyDescription("A Flink SQL expression for a computed column, such as PROCTIME().")
    String expression,

    @Default("true")
    @JsonPropertyDescription("Whether the column may be null. A NOT NULL column that receives null fails the row.")
    Boolean nullable,

    @Size(max = 1024)
    @JsonPropertyDescription("What the column means, for the people who consume it.")
    String description) {

  public Column {
    nullable = nullable == null || nullable;
  }

  @JsonIgnore
  public boolean computed() {
    return expression != null;
  }
}
