package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FilesystemConnector(
    @Required
    @Size(min = 1, max = 2048)
    @JsonPropertyDescription("Directory URI, such as s3://bucket/prefix, gs://bucket/prefix or file:///data.")
    String path,

    @Size(max = 16)
    @JsonPropertyDescription("Columns whose values name the sub-directories (Hive-style partitioning).")
    List<String> partitionBy) {

  public FilesystemConnector {
    partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
  }
}
