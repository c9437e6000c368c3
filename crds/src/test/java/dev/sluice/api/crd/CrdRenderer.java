package dev.sluice.api.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.ServiceLevelObjective;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Renders the CRD YAML from the Java model, and writes it where users and Helm read it when run
 * as a program ({@code hack/update-crds.sh}). The generator sorts printer columns by JSON path;
 * a post-processing step restores the order in which the resource class declares them, so that
 * the first column is the one a person looks at first. It also
 * <ul>
 *   <li>drops validation rules that a record repeats, because the generator reads a component's
 *   annotations on both the field and the accessor;</li>
 *   <li>drops validation rules inside status, which only the operator writes, so that they do
 *   not spend the CRD's CEL cost budget;</li>
 *   <li>makes lists keyed by name {@code x-kubernetes-list-type: map}, so that the API server
 *   itself refuses a duplicate name, at no CEL cost;</li>
 *   <li>makes lists of unique values {@code x-kubernetes-list-type: set}, so that a repeated
 *   value is refused the same way.</li>
 * </ul>
 */
public final class CrdRenderer {

  static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(Dataset.class, Pipeline.class, ServiceLevelObjective.class);

  /** The chart's CRD folder, relative to the repository root. */
  static final Path CHART_CRDS = Path.of("helm", "sluice", "crds");

  /** Lists whose items are unique by a key, by their path under spec. */
  private static final Map<String, String> LISTS_KEYED_BY = Map.of(
      "schema.columns", "name",
      "quality", "name");

  /** Lists of unique values, by their path under spec. */
  private static final List<String> SETS = List.of("inputs", "outputs", "schema.primaryKey",
      "connector.filesystem.partitionBy");

  /** The single file a user applies with {@code kubectl apply --server-side -f}. */
  static final Path BUNDLE = Path.of("crds", "sluice-crds.yaml");

  private CrdRenderer() {
  }

  /** CRD YAML by file name, such as {@code pipelines.sluice.dev.yaml}. */
  public static Map<String, String> render() {
    Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
    new CRDGenerator()
        .customResourceClasses(RESOURCES)
        .forCRDVersions("v1")
        .withMinQuotes(true)
        .withPostProcessor(new CRDPostProcessor() {
          @Override
          public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            return declareColumnOrderAndDescriptions((CustomResourceDefinition) crd);
          }
        })
        .withOutput(new CRDGenerator.AbstractCRDOutput<ByteArrayOutputStream>() {
          @Override
          protected ByteArrayOutputStream createStreamFor(String crdName) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            outputs.put(crdName.replaceFirst("-v1$", "") + ".yaml", out);
            return out;
          }
        })
        .generate();
    Map<String, String> yaml = new TreeMap<>();
    outputs.forEach((name, out) -> yaml.put(name, out.toString(StandardCharsets.UTF_8)));
    return yaml;
  }

  /** All CRDs in one multi-document YAML file. */
  public static String bundle(Map<String, String> crds) {
    StringBuilder bundle = new StringBuilder();
    crds.values().forEach(crd -> bundle.append("---\n").append(crd));
    return bundle.toString();
  }

  private static HasMetadata declareColumnOrderAndDescriptions(CustomResourceDefinition crd) {
    Class<? extends HasMetadata> resource = RESOURCES.stream()
        .filter(type -> HasMetadata.getKind(type).equals(crd.getSpec().getNames().getKind()))
        .findFirst()
        .orElseThrow();
    List<String> declaredOrder = Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.getAdditionalPrinterColumns()
          .sort(Comparator.comparingInt((CustomResourceColumnDefinition column) -> declaredOrder.indexOf(column.getName())));
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(resource.getAnnotation(JsonClassDescription.class).value());
      JSONSchemaProps spec = root.getProperties().get("spec");
      JSONSchemaProps status = root.getProperties().get("status");
      spec.setDescription("What the user asks for. The operator never writes it.");
      status.setDescription("What the operator observed. Written by the operator only.");
      dropRepeatedValidationRules(spec);
      dropValidationRules(status);
      LISTS_KEYED_BY.forEach((path, key) -> find(spec, path).ifPresent(list -> {
        list.setXKubernetesListType("map");
        list.setXKubernetesListMapKeys(List.of(key));
      }));
      SETS.forEach(path -> find(spec, path).ifPresent(list -> list.setXKubernetesListType("set")));
    }
    return crd;
  }

  private static Optional<JSONSchemaProps> find(JSONSchemaProps schema, String path) {
    JSONSchemaProps current = schema;
    for (String property : path.split("\\.")) {
      current = current.getProperties().get(property);
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  private static void dropValidationRules(JSONSchemaProps schema) {
    forEachSchema(schema, nested -> nested.setXKubernetesValidations(null));
  }

  private static void dropRepeatedValidationRules(JSONSchemaProps schema) {
    forEachSchema(schema, nested -> {
      List<ValidationRule> rules = nested.getXKubernetesValidations();
      if (rules != null && !rules.isEmpty()) {
        nested.setXKubernetesValidations(new ArrayList<>(new LinkedHashSet<>(rules)));
      }
    });
  }

  private static void forEachSchema(JSONSchemaProps schema, Consumer<JSONSchemaProps> action) {
    if (schema == null) {
      return;
    }
    action.accept(schema);
    schema.getProperties().values().forEach(property -> forEachSchema(property, action));
    if (schema.getItems() != null) {
      forEachSchema(schema.getItems().getSchema(), action);
    }
    if (schema.getAdditionalProperties() != null) {
      forEachSchema(schema.getAdditionalProperties().getSchema(), action);
    }
  }

  /** Writes the chart's CRDs and the bundle under the repository root given as the first argument. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
    Map<String, String> crds = render();
    Path chartCrds = root.resolve(CHART_CRDS);
    Files.createDirectories(chartCrds);
    for (Map.Entry<String, String> crd : crds.entrySet()) {
      Files.writeString(chartCrds.resolve(crd.getKey()), crd.getValue());
    }
    Files.writeString(root.resolve(BUNDLE), bundle(crds));
    System.out.println("Wrote " + crds.size() + " CRDs to " + chartCrds + " and the bundle " + root.resolve(BUNDLE));
  }
}
