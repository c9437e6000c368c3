package dev.sluice.testing;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The operator watching a namespace of its own against a FAKE job manager, and the lifecycle tests'
 * "counts" Pipeline: what the tests of the reconcile's edge cases start. The real-component
 * counterpart is {@link OperatorOnFlink}.
 */
public final class OperatorOnFakeFlink {

  private static final URI NOWHERE = URI.create("http://fake-job-manager.invalid:8081");

  private OperatorOnFakeFlink() {
  }

  /** The operator alone, its job manager the fake. */
  public static SluiceOperator start(ApiServer api, String namespace, FakeFlinkJobClient flink) {
    SluiceOperator operator = new SluiceOperator(api.client(), TestSettings.watching(namespace), pipeline -> NOWHERE,
        flink, Clock.systemUTC());
    operator.start();
    return operator;
  }

  /** The operator, with the "counts" Pipeline and its Datasets applied and the Pipeline Running. */
  public static SluiceOperator startWithCountsRunning(ApiServer api, String namespace, FakeFlinkJobClient flink)
      throws IOException {
    SluiceOperator operator = start(api, namespace, flink);
    try (InputStream manifests = Files.newInputStream(TestPaths.repoRoot().resolve(
        "operator/src/test/resources/lifecycle/counts.yaml"))) {
      api.client().load(manifests).inNamespace(namespace).create();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> api.client().resources(Pipeline.class).inNamespace(namespace)
        .withName("counts").get(), p -> p.getStatus() != null && p.getStatus().getPhase() == Phase.Running);
    return operator;
  }
}
