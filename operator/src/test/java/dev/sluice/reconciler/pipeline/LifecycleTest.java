package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.UpgradeMode;
import dev.sluice.reconciler.pipeline.Lifecycle.Action;
import dev.sluice.reconciler.pipeline.Lifecycle.Running;
import dev.sluice.reconciler.pipeline.Lifecycle.Step;
import dev.sluice.reconciler.pipeline.Lifecycle.Wanted;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LifecycleTest {

  private static final Optional<String> RUNNING = Optional.of("RUNNING");

  private static Step next(String plan, boolean suspend, UpgradeMode mode, int parallelism, Running running) {
    return Lifecycle.next(new Wanted(plan, suspend, mode, parallelism), running);
  }

  @Test
  void firstDeploymentStartsEmpty() {
    Step step = next("a", false, UpgradeMode.SAVEPOINT, 2, new Running(null, false, Optional.empty(), 0, null));
    assertEquals(Action.DEPLOY, step.action());
    assertNull(step.restorePath());
  }

  @Test
  void aSavepointUpgradeStopsWithASavepointThenDeploysFromIt() {
    Running before = new Running("a", true, RUNNING, 2, null);
    assertEquals(Action.STOP_WITH_SAVEPOINT, next("b", false, UpgradeMode.SAVEPOINT, 2, before).action());
    Running stopped = new Running("a", true, Optional.of("FINISHED"), 2, "s3://sp/1");
    Step deploy = next("b", false, UpgradeMode.SAVEPOINT, 2, stopped);
    assertEquals(Action.DEPLOY, deploy.action());
    assertEquals("s3://sp/1", deploy.restorePath());
  }

  @Test
  void aSavepointUpgradeNeverDeploysWithoutState() {
    Running failing = new Running("a", true, Optional.of("RESTARTING"), 2, null);
    assertEquals(Action.OBSERVE, next("b", false, UpgradeMode.SAVEPOINT, 2, failing).action());
  }

  @Test
  void lastStateAndStatelessUpgradesRedeployAtOnce() {
    Running running = new Running("a", true, RUNNING, 2, null);
    assertEquals(Action.DEPLOY, next("b", false, UpgradeMode.LAST_STATE, 2, running).action());
    assertEquals(Action.DEPLOY, next("b", false, UpgradeMode.STATELESS, 2, running).action());
  }

  @Test
  void suspendKeepsStateAndResumeRestoresIt() {
    Running running = new Running("a", true, RUNNING, 2, null);
    assertEquals(Action.STOP_WITH_SAVEPOINT, next("a", true, UpgradeMode.SAVEPOINT, 2, running).action());
    Running saved = new Running("a", true, Optional.of("FINISHED"), 2, "s3://sp/2");
    assertEquals(Action.STOP_CLUSTER, next("a", true, UpgradeMode.SAVEPOINT, 2, saved).action());
    Running suspended = new Running("a", false, Optional.empty(), 0, "s3://sp/2");
    assertEquals(Action.OBSERVE, next("a", true, UpgradeMode.SAVEPOINT, 2, suspended).action());
    Step resume = next("a", false, UpgradeMode.SAVEPOINT, 2, suspended);
    assertEquals(Action.DEPLOY, resume.action());
    assertEquals("s3://sp/2", resume.restorePath());
  }

  @Test
  void aStatelessPipelineSuspendsWithoutASavepointAndResumesEmpty() {
    Running running = new Running("a", true, RUNNING, 2, null);
    assertEquals(Action.STOP_CLUSTER, next("a", true, UpgradeMode.STATELESS, 2, running).action());
    Step resume = next("a", false, UpgradeMode.STATELESS, 2, new Running("a", false, Optional.empty(), 0, "s3://old"));
    assertNull(resume.restorePath());
  }

  @Test
  void aParallelismChangeAloneIsARescale() {
    Running running = new Running("a", true, RUNNING, 2, null);
    assertEquals(Action.RESCALE, next("a", false, UpgradeMode.SAVEPOINT, 4, running).action());
    assertEquals(Action.OBSERVE, next("a", false, UpgradeMode.SAVEPOINT, 2, running).action());
  }
}
