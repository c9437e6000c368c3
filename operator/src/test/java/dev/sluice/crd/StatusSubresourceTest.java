package dev.sluice.crd;

import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ThroughputStatus;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Status is a subresource: the operator's writes and the user's writes do not disturb each other. */
@ExtendWith(RealApiServer.class)
class StatusSubresourceTest {

  private static ApiServer api;

  @BeforeAll
  static void server(ApiServer server) {
    api = server;
  }

  @Test
  void statusWritesDoNotBumpTheGenerationAndSpecWritesKeepTheStatus() throws IOException {
    String namespace = api.newNamespace("status");
    api.createExample(namespace, "clickstream-sessions", "pipeline.yaml");
    var pipelines = api.client().resources(Pipeline.class).inNamespace(namespace);
    Pipeline created = pipelines.withName("sessionize-page-views").get();
    long generation = created.getMetadata().getGeneration();

    PipelineStatus status = new PipelineStatus();
    status.setPhase(Phase.Running);
    LagStatus lag = new LagStatus();
    lag.setRecords(1234L);
    status.setLag(lag);
    created.setStatus(status);
    Pipeline afterStatus = pipelines.resource(created).updateStatus();
    assertEquals(generation, afterStatus.getMetadata().getGeneration(), "a status write bumped the generation");

    // A status sent to the main resource is ignored: only the status subresource changes status.
    var generic = api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(namespace);
    generic.withName("sessionize-page-views").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\": {\"phase\": \"Failed\"}}");
    assertEquals(Phase.Running, pipelines.withName("sessionize-page-views").get().getStatus().getPhase());

    generic.withName("sessionize-page-views").edit(user -> {
      Map<String, Object> parallelism = user.get("spec", "parallelism");
      parallelism.put("max", 6);
      return user;
    });
    Pipeline afterSpec = pipelines.withName("sessionize-page-views").get();
    assertEquals(generation + 1, afterSpec.getMetadata().getGeneration(), "a spec write must bump the generation");
    assertEquals(6, afterSpec.getSpec().parallelism().max());
    assertEquals(Phase.Running, afterSpec.getStatus().getPhase(), "a spec write erased the status");
    assertEquals(1234L, afterSpec.getStatus().getLag().getRecords());
    GenericKubernetesResource raw = generic.withName("sessionize-page-views").get();
    assertNull(raw.get("status", "planHash"), "nothing but what was written appears in status");
  }

  @Test
  void serverSideApplyRefusesAnObjectEmptiedOfWhatTheManagerSetBefore() throws IOException {
    String namespace = api.newNamespace("empty-status");
    api.createExample(namespace, "clickstream-sessions", "pipeline.yaml");
    ThroughputStatus reported = new ThroughputStatus();
    reported.setInputRecordsPerSecond(120.0);
    applyStatus(namespace, reported);

    // The API server turns the emptied object into null, which the schema refuses: status leaves
    // groups of figures that Flink no longer reports unset instead.
    KubernetesClientException refused = assertThrows(KubernetesClientException.class,
        () -> applyStatus(namespace, new ThroughputStatus()));
    assertTrue(refused.getMessage().contains("status.throughput"), refused.getMessage());
    applyStatus(namespace, null);
    assertNull(api.client().resources(Pipeline.class).inNamespace(namespace).withName("sessionize-page-views").get()
        .getStatus().getThroughput());
  }

  private static void applyStatus(String namespace, ThroughputStatus throughput) {
    Pipeline applied = new Pipeline();
    applied.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("sessionize-page-views").build());
    PipelineStatus status = new PipelineStatus();
    status.setPhase(Phase.Running);
    status.setThroughput(throughput);
    applied.setStatus(status);
    api.client().resource(applied).subresource("status").patch(new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("sluice-tests").withForce(true).build());
  }
}
