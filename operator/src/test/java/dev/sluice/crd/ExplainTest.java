package dev.sluice.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kubectl explain <kind>.spec --recursive}, from the API server's published schema, lists
 * every field of the CRD's spec, and {@code kubectl explain} of each top-level field has a
 * description: the reference a user reads instead of our Java.
 */
@ExtendWith(RealApiServer.class)
class ExplainTest {

  @Test
  void explainShowsEverySpecFieldWithADescription(ApiServer api) throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (JsonNode crd : yaml.readerFor(JsonNode.class).readValues(
        TestPaths.repoRoot().resolve("crds/sluice-crds.yaml").toFile()).readAll().stream()
        .map(JsonNode.class::cast).toList()) {
      String plural = crd.at("/spec/names/plural").asText();
      JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
      String recursive = awaitExplain(api, plural + ".spec", "--recursive");
      List<String> fields = new ArrayList<>();
      collect(spec, fields);
      for (String field : fields) {
        assertTrue(recursive.contains(field), plural + ".spec --recursive lacks " + field + ":\n" + recursive);
      }
      for (Map.Entry<String, JsonNode> top : spec.get("properties").properties()) {
        String explained = api.kubectl("explain", plural + ".spec." + top.getKey());
        assertTrue(explained.contains("DESCRIPTION:") && !explained.contains("<empty>"),
            plural + ".spec." + top.getKey() + " has no description:\n" + explained);
      }
    }
  }

  private static void collect(JsonNode schema, List<String> names) {
    JsonNode properties = schema.has("items") ? schema.get("items").get("properties") : schema.get("properties");
    if (properties == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      names.add(property.getKey());
      collect(property.getValue(), names);
    }
  }

  /** The API server publishes a new CRD's schema a moment after the CRD is established. */
  private static String awaitExplain(ApiServer api, String path, String flag) throws Exception {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      try {
        return api.kubectl("explain", path, flag);
      } catch (IllegalStateException e) {
        last = e;
        Thread.sleep(1000);
      }
    }
    throw last;
  }
}
