package dev.sluice.operator;

import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's pre-delete check, against a real API server. */
@ExtendWith(RealApiServer.class)
class UninstallCheckTest {

  @Test
  void refusesWhilePipelinesExistInTheWatchedNamespaces(ApiServer api) throws IOException {
    String busy = api.newNamespace("busy");
    String idle = api.newNamespace("idle");
    api.createExample(busy, "kafka-to-kafka", "pipeline.yaml");

    List<String> remaining = UninstallCheck.remainingPipelines(api.client(), Set.of(busy, idle));
    assertEquals(List.of(busy + "/large-payments"), remaining);
    String refusal = UninstallCheck.refusal(remaining);
    assertTrue(refusal.contains(busy + "/large-payments"), refusal);
    assertTrue(refusal.contains("kubectl delete pipelines"), "says what to do: " + refusal);
    assertTrue(UninstallCheck.remainingPipelines(api.client(), Set.of()).contains(busy + "/large-payments"),
        "all namespaces when the operator watches all");

    assertNull(UninstallCheck.refusal(UninstallCheck.remainingPipelines(api.client(), Set.of(idle))));
  }
}
