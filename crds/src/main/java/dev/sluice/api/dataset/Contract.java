package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Contract(
    @Default("BACKWARD")
    @JsonPropertyDescription("Which schema changes are accepted: BACKWARD (consumers on the new schema "
        + "read old data), FORWARD (consumers on the old schema read new data), FULL (both) or NONE.")
    Compatibility compatibility,

    @Size(max = 256)
    @JsonPropertyDescription("Team or person who owns the data, such as team-payments.")
    String owner,

    @Size(max = 4096)
    @JsonPropertyDescription("What the dataset holds and how it may be used.")
    String description) {

  public static final Contract DEFAULT = new Contract(Compatibility.BACKWARD, null, null);

  public Contract {
    compatibility = compatibility == null ? Compatibility.BACKWARD : compatibility;
  }

  public enum Compatibility {
    BACKWARD, FORWARD, FULL, NONE
  }
}
