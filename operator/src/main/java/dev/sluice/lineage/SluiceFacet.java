package dev.sluice.lineage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.Map;

/**
 * What each of Sluice's own facets carries besides its figures: the producer, and the URL of its
 * JSON schema, which the operator's resources hold under {@code openlineage/facets/}.
 */
abstract class SluiceFacet {

  private final URI schemaUrl;

  /** @param schema the name of the facet's schema file and of its definition in it */
  SluiceFacet(String schema) {
    this.schemaUrl = URI.create(LineageEvents.FACETS_URL + schema + ".json#/$defs/" + schema);
  }

  @JsonProperty("_producer")
  public URI get_producer() {
    return LineageEvents.PRODUCER;
  }

  @JsonProperty("_schemaURL")
  public URI get_schemaURL() {
    return schemaUrl;
  }

  @JsonAnyGetter
  public Map<String, Object> getAdditionalProperties() {
    return Map.of();
  }
}
