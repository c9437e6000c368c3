package dev.sluice.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an OpenLineage event against OpenLineage's JSON schema (the spec of the client's release,
 * in test resources), and each facet in it against the schema its {@code _schemaURL} names:
 * OpenLineage's own facets and Sluice's, from the operator's resources. Nothing is fetched, and
 * formats (uuid, date-time, uri) are asserted.
 */
public final class OpenLineageSchemas {

  static final String EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder
          .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
          .schemaIdResolvers(ids -> ids
              .mapPrefix("https://openlineage.io/spec/", "classpath:openlineage/spec/")
              .mapPrefix(LineageEvents.FACETS_URL, "classpath:openlineage/facets/1-0-0/")));

  /** What the schemas find wrong with the event, each message with where in the event it is; empty when valid. */
  public List<String> problems(String event) {
    List<String> problems = new ArrayList<>(messages("event", EVENT_SCHEMA, event));
    JsonNode tree = tree(event);
    facets("run", tree.path("run").path("facets"), problems);
    facets("job", tree.path("job").path("facets"), problems);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode dataset : tree.path(side)) {
        String where = side + " " + dataset.path("name").asText();
        facets(where, dataset.path("facets"), problems);
        facets(where, dataset.path("inputFacets"), problems);
        facets(where, dataset.path("outputFacets"), problems);
      }
    }
    return problems;
  }

  private void facets(String where, JsonNode facets, List<String> problems) {
    for (Map.Entry<String, JsonNode> facet : facets.properties()) {
      String schemaUrl = facet.getValue().path("_schemaURL").asText();
      problems.addAll(messages(where + " facet " + facet.getKey(), schemaUrl, facet.getValue().toString()));
    }
  }

  private List<String> messages(String where, String schemaUrl, String json) {
    List<Error> errors = registry.getSchema(SchemaLocation.of(schemaUrl)).validate(json, InputFormat.JSON);
    return errors.stream().map(error -> where + ": " + error).toList();
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
