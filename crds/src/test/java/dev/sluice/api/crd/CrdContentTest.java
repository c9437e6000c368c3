package dev.sluice.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated CRDs carry the names, printer columns, CEL rules and defaults the API promises. */
class CrdContentTest {

  private static Map<String, CustomResourceDefinition> crds;

  @BeforeAll
  static void render() {
    crds = new java.util.TreeMap<>();
    CrdRenderer.render().forEach((file, yaml) -> {
      CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      crds.put(crd.getMetadata().getName(), crd);
    });
  }

  @Test
  void namesScopeAndStatusSubresource() {
    assertEquals(3, crds.size());
    assertNames("pipelines.sluice.dev", "Pipeline", "pl");
    assertNames("datasets.sluice.dev", "Dataset", "ds");
    assertNames("servicelevelobjectives.sluice.dev", "ServiceLevelObjective", "slo");
  }

  private static void assertNames(String name, String kind, String shortName) {
    CustomResourceDefinition crd = crds.get(name);
    assertNotNull(crd, name);
    assertEquals(kind, crd.getSpec().getNames().getKind());
    assertEquals(List.of(shortName), crd.getSpec().getNames().getShortNames());
    assertEquals(List.of("sluice"), crd.getSpec().getNames().getCategories());
    assertEquals("Namespaced", crd.getSpec().getScope());
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertEquals("v1alpha1", version.getName());
    assertNotNull(version.getSubresources().getStatus(), name + " needs the status subresource");
  }

  @Test
  void printerColumnsAnswerTheFirstQuestion() {
    assertEquals(List.of("Phase", "Health", "Parallelism", "Lag", "Freshness", "Age"), columns("pipelines.sluice.dev"));
    assertEquals(List.of("Connector", "Format", "Producers", "Freshness", "Age"), columns("datasets.sluice.dev"));
    assertEquals(List.of("Target", "Objective", "SLI", "Compliance", "Budget Left", "State", "Age"),
        columns("servicelevelobjectives.sluice.dev"));
  }

  private static List<String> columns(String crd) {
    return crds.get(crd).getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
        .map(CustomResourceColumnDefinition::getName).toList();
  }

  @Test
  void crossFieldRulesAreCelWithMessagesThatNameTheField() {
    assertRule("datasets.sluice.dev", "spec.connector must set exactly one of kafka");
    assertRule("pipelines.sluice.dev", "spec.parallelism must satisfy min <= initial <= max");
    assertRule("pipelines.sluice.dev", "must be a duration such as");
    assertRule("pipelines.sluice.dev", "spec.quality[].deadLetter must name a Dataset when action is deadLetter");
    assertRule("servicelevelobjectives.sluice.dev", "spec.objective must be a percentage above 0 and below 100");
    assertRule("servicelevelobjectives.sluice.dev", "spec.window must be at least 1h");
    assertRule("servicelevelobjectives.sluice.dev", "spec.target.kind must be Pipeline or Dataset");
  }

  private static void assertRule(String crd, String messageStart) {
    List<ValidationRule> rules = new ArrayList<>();
    walk(schema(crd), (path, schema) -> {
      if (schema.getXKubernetesValidations() != null) {
        rules.addAll(schema.getXKubernetesValidations());
      }
    });
    assertTrue(rules.stream().anyMatch(r -> r.getMessage().startsWith(messageStart) && !r.getRule().isBlank()),
        crd + " has no CEL rule whose message starts with '" + messageStart + "'");
  }

  /** Kubernetes' own types (Condition, Toleration) carry no descriptions in the Fabric8 model. */
  private static boolean insideKubernetesType(String path) {
    return path.contains(".conditions[].") || path.contains(".tolerations[].");
  }

  @Test
  void everyFieldIsDescribedForKubectlExplain() {
    for (String crd : crds.keySet()) {
      walk(schema(crd), (path, schema) -> assertFalse(
          schema.getDescription() == null && !path.endsWith("[]") && !path.endsWith("{}")
              && !insideKubernetesType(path),
          crd + " " + path + " has no description"));
    }
  }

  @Test
  void objectDefaultsAgreeWithTheirFieldsDefaults() {
    for (String crd : crds.keySet()) {
      walk(schema(crd), (path, schema) -> {
        JsonNode objectDefault = schema.getDefault();
        if (objectDefault == null || !objectDefault.isObject()) {
          return;
        }
        schema.getProperties().forEach((field, fieldSchema) -> {
          if (fieldSchema.getDefault() != null && objectDefault.has(field)) {
            assertEquals(fieldSchema.getDefault(), objectDefault.get(field),
                crd + " " + path + "." + field + ": the field's default differs from the object's default; "
                    + "the @Default annotation and the record's constructor disagree");
          }
        });
      });
    }
  }

  private static JSONSchemaProps schema(String crd) {
    return crds.get(crd).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  private static void walk(JSONSchemaProps schema, BiConsumer<String, JSONSchemaProps> visitor) {
    walk("", schema, visitor);
  }

  private static void walk(String path, JSONSchemaProps schema, BiConsumer<String, JSONSchemaProps> visitor) {
    if (schema == null) {
      return;
    }
    visitor.accept(path.isEmpty() ? "(root)" : path, schema);
    schema.getProperties().forEach((name, child) -> walk(path + "." + name, child, visitor));
    if (schema.getItems() != null) {
      walk(path + "[]", schema.getItems().getSchema(), visitor);
    }
    if (schema.getAdditionalProperties() != null) {
      walk(path + "{}", schema.getAdditionalProperties().getSchema(), visitor);
    }
  }
}
