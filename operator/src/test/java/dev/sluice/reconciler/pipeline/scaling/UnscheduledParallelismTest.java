package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReason;
import dev.sluice.reconciler.pipeline.ClusterApplier;
import dev.sluice.reconciler.pipeline.ClusterNames;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A desired parallelism that stays unscheduled is reported with the Pending pods' reason, and not asked for again. */
@ExtendWith(RealApiServer.class)
class UnscheduledParallelismTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String INSUFFICIENT_CPU = "0/1 nodes are available: 1 Insufficient cpu.";

  private static ApiServer api;
  private static String namespace;

  @BeforeAll
  static void namespace(ApiServer server) {
    api = server;
    namespace = server.newNamespace("unscheduled");
  }

  @Test
  void aParallelismUnscheduledBeyondTheBoundDegradesNamesThePendingReasonAndIsNoLongerAskedFor() {
    Pipeline pipeline = pipeline("orders");
    pendingTaskManager(pipeline, "orders-taskmanager-a");
    PipelineMemory memory = new PipelineMemory(AutoscalerHistory.empty());
    ClusterApplier cluster = new ClusterApplier(api.client());

    int early = at(T0, cluster).check(pipeline, 4, 2, memory);
    int stillEarly = at(T0.plus(Duration.ofMinutes(4)), cluster).check(pipeline, 4, 2, memory);
    assertEquals(4, early);
    assertEquals(4, stillEarly);
    assertTrue(at(T0.plus(Duration.ofMinutes(4)), cluster).trouble(memory).isEmpty(), "pods take a while to start");

    UnscheduledParallelism late = at(T0.plus(Duration.ofMinutes(6)), cluster);
    int asked = late.check(pipeline, 4, 2, memory);

    assertEquals(2, asked, "no more than the cluster gives");
    ScalingTrouble degraded = late.trouble(memory).orElseThrow();
    assertEquals(PipelineReason.ParallelismUnscheduled, degraded.reason());
    assertTrue(degraded.message().contains("desired parallelism 4 is not scheduled after 6m: the job runs at 2;"
        + " task manager pods are Pending: 1 Pending, Unschedulable (" + INSUFFICIENT_CPU + ")"), degraded.message());
    List<Event> warnings = api.events(namespace, "orders").stream()
        .filter(event -> "ParallelismUnscheduled".equals(event.getReason())).toList();
    assertEquals(1, warnings.size());
    assertEquals("Warning", warnings.get(0).getType());

    ScalingDecision up = late.within(ScalingDecision.rescale(2, 8, "scale-up 2 → 8"), memory);
    assertEquals(ScalingDecision.Action.HOLD, up.action(), up.reason());
    // Degraded stays while the ceiling does, although 2 is now what is asked for.
    UnscheduledParallelism capped = at(T0.plus(Duration.ofMinutes(7)), cluster);
    assertEquals(2, capped.check(pipeline, 2, 2, memory));
    assertTrue(capped.trouble(memory).isPresent());
    // After the retry interval the autoscaler may ask for more again.
    UnscheduledParallelism retry = at(T0.plus(Duration.ofMinutes(40)), cluster);
    assertEquals(2, retry.check(pipeline, 2, 2, memory));
    assertTrue(retry.trouble(memory).isEmpty());
    assertEquals(ScalingDecision.Action.SCALE_UP,
        retry.within(ScalingDecision.rescale(2, 8, "scale-up 2 → 8"), memory).action());
  }

  private static UnscheduledParallelism at(Instant now, ClusterApplier cluster) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return new UnscheduledParallelism(cluster::pendingTaskManagers, new EventRecorder(api.client(), clock), clock);
  }

  /** A task manager pod the scheduler could not place, as the API server keeps it. */
  private static void pendingTaskManager(Pipeline pipeline, String name) {
    Pod pod = api.client().pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name).withLabels(ClusterNames.of(pipeline).selector("taskmanager")).endMetadata()
        .withNewSpec().addNewContainer().withName("taskmanager").withImage("sluice/runtime").endContainer().endSpec()
        .build()).create();
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending")
        .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
            .withReason("Unschedulable").withMessage(INSUFFICIENT_CPU).build())
        .build());
    api.client().pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  private static Pipeline pipeline(String name) {
    Pipeline pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(name + "-uid")
        .withGeneration(1L).build());
    return pipeline;
  }
}
