package dev.sluice.benchmark;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.fixtures.Specs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;

/**
 * The Pipelines of the scale benchmark: Pipeline {@code i} counts the clicks of its own generated
 * Dataset per user every ten seconds into its own blackhole Dataset, the shape of the local demo.
 * Every Pipeline has a plan of its own, as in a real cluster.
 */
record ScaleWorkload(String namespace, int index) {

  String pipeline() {
    return "clicks-per-user-" + index;
  }

  String input() {
    return "clicks-" + index;
  }

  String output() {
    return "counts-" + index;
  }

  /** The two Datasets, then the Pipeline, in the order a person applies them. */
  List<HasMetadata> resources(KubernetesClient client) {
    return List.of(dataset(input(), inputSpec()), dataset(output(), outputSpec()),
        client.getKubernetesSerialization().unmarshal("""
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: %s, namespace: %s}
            spec:
              inputs: [%s]
              outputs: [%s]
              sql: |
                INSERT INTO %s
                SELECT user_id, window_start, window_end, COUNT(*) AS clicks
                FROM TABLE(TUMBLE(TABLE %s, DESCRIPTOR(click_time), INTERVAL '10' SECOND))
                GROUP BY user_id, window_start, window_end;
              parallelism: {initial: 1, min: 1, max: 4}
              checkpointing: {interval: 10s}
            """.formatted(pipeline(), namespace, input(), output(), table(output()), table(input())),
            Pipeline.class));
  }

  /** The Datasets by name, as the plan needs them. */
  Map<String, DatasetSpec> datasetSpecs() {
    return Map.of(input(), inputSpec(), output(), outputSpec());
  }

  private DatasetSpec inputSpec() {
    return dataset("""
        connector:
          datagen:
            rowsPerSecond: 200
            fields:
              user_id: {kind: random, min: 1, max: 50}
              url: {length: 12}
        schema:
          columns:
            - {name: user_id, type: INT, nullable: false}
            - {name: url, type: STRING}
            - {name: click_time, expression: PROCTIME()}
        """);
  }

  private DatasetSpec outputSpec() {
    return dataset("""
        connector: {blackhole: {}}
        schema:
          columns:
            - {name: user_id, type: INT, nullable: false}
            - {name: window_start, type: TIMESTAMP(3), nullable: false}
            - {name: window_end, type: TIMESTAMP(3), nullable: false}
            - {name: clicks, type: BIGINT, nullable: false}
        """);
  }

  private Dataset dataset(String name, DatasetSpec spec) {
    Dataset dataset = new Dataset();
    dataset.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    dataset.setSpec(spec);
    return dataset;
  }

  private static DatasetSpec dataset(String yaml) {
    return Specs.dataset(yaml);
  }

  private static String table(String dataset) {
    return dataset.replace('-', '_');
  }
}
