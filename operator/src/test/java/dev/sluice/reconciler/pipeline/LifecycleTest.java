package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.UpgradeMode;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.reconciler.pipeline.Lifecycle.Action;
import dev.sluice.reconciler.pipeline.Lifecycle.History;
import dev.sluice.reconciler.pipeline.Lifecycle.RollbackPolicy;
import dev.sluice.reconciler.pipeline.Lifecycle.Running;
import dev.sluice.reconciler.pipeline.Lifecycle.Step;
import dev.sluice.reconciler.pipeline.Lifecycle.Wanted;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LifecycleTest {

  private static final Optional<FlinkJobState> RUNNING = Optional.of(FlinkJobState.RUNNING);

  private static final RollbackPolicy ROLLBACK_AFTER_5M = new RollbackPolicy(true, Duration.ofMinutes(5));

  private static Step next(String plan, boolean suspend, UpgradeMode mode, int parallelism, Running running) {
    return Lifecycle.next(new Wanted(plan, suspend, mode, parallelism, RollbackPolicy.DISABLED, null), running);
  }

  private static Running run(String plan, boolean up, Optional<FlinkJobState> state, int parallelism, String savepoint) {
    return new Running(plan, up, state, parallelism, savepoint, false, History.NONE);
  }

  /** Plan b was deployed {@code ago} after plan a ran stably and was left through savepoint sp/a. */
  private static Running upgradedToB(Optional<FlinkJobState> state, Duration ago, String rolledBack) {
    return new Running("b", true, state, 2, null, false, new History("a", "s3://sp/a", rolledBack, Optional.of(ago)));
  }

  private static Step withRollback(String plan, UpgradeMode mode, Running running) {
    return Lifecycle.next(new Wanted(plan, false, mode, 2, ROLLBACK_AFTER_5M, null), running);
  }

  @Test
  void firstDeploymentStartsEmpty() {
    Step step = next("a", false, UpgradeMode.SAVEPOINT, 2, run(null, false, Optional.empty(), 0, null));
    assertEquals(Action.DEPLOY, step.action());
    assertNull(step.restorePath());
  }

  @Test
  void aFirstDeploymentStartsFromSpecRestoreFromAndLaterStepsIgnoreIt() {
    Wanted fromDeleted = new Wanted("a", false, UpgradeMode.SAVEPOINT, 2, RollbackPolicy.DISABLED, "s3://sp/old");
    Step first = Lifecycle.next(fromDeleted, run(null, false, Optional.empty(), 0, null));
    assertEquals(Action.DEPLOY, first.action());
    assertEquals("s3://sp/old", first.restorePath());

    Wanted upgrade = new Wanted("b", false, UpgradeMode.SAVEPOINT, 2, RollbackPolicy.DISABLED, "s3://sp/old");
    Step deploy = Lifecycle.next(upgrade, run("a", true, Optional.of(FlinkJobState.FINISHED), 2, "s3://sp/1"));
    assertEquals("s3://sp/1", deploy.restorePath(), "the Pipeline's own savepoint, not the one it started from");
  }

  @Test
  void aSavepointUpgradeStopsWithASavepointThenDeploysFromIt() {
    Running before = run("a", true, RUNNING, 2, null);
    assertEquals(Action.STOP_WITH_SAVEPOINT, next("b", false, UpgradeMode.SAVEPOINT, 2, before).action());
    Running stopped = run("a", true, Optional.of(FlinkJobState.FINISHED), 2, "s3://sp/1");
    Step deploy = next("b", false, UpgradeMode.SAVEPOINT, 2, stopped);
    assertEquals(Action.DEPLOY, deploy.action());
    assertEquals("s3://sp/1", deploy.restorePath());
  }

  /**
   * A resume before the cluster scaled down, or an upgrade reverted right after its savepoint:
   * either way the wanted plan is the deployed one and its job stopped with a savepoint.
   */
  @Test
  void aJobStoppedWithASavepointForTheWantedPlanStartsAgainFromIt() {
    Step step = next("a", false, UpgradeMode.SAVEPOINT, 2, run("a", true, Optional.of(FlinkJobState.FINISHED), 2, "s3://sp/1"));
    assertEquals(Action.DEPLOY, step.action());
    assertEquals("s3://sp/1", step.restorePath());
    assertEquals(Action.OBSERVE, next("a", false, UpgradeMode.SAVEPOINT, 2, run("a", true, RUNNING, 2, "s3://sp/1"))
        .action(), "a running job is left alone");
  }

  @Test
  void aSavepointUpgradeNeverDeploysWithoutState() {
    Running failing = run("a", true, Optional.of(FlinkJobState.RESTARTING), 2, null);
    assertEquals(Action.OBSERVE, next("b", false, UpgradeMode.SAVEPOINT, 2, failing).action());
  }

  @Test
  void lastStateAndStatelessUpgradesRedeployAtOnce() {
    Running running = run("a", true, RUNNING, 2, null);
    assertEquals(Action.DEPLOY, next("b", false, UpgradeMode.LAST_STATE, 2, running).action());
    assertEquals(Action.DEPLOY, next("b", false, UpgradeMode.STATELESS, 2, running).action());
  }

  @Test
  void suspendKeepsStateAndResumeRestoresIt() {
    Running running = run("a", true, RUNNING, 2, null);
    assertEquals(Action.STOP_WITH_SAVEPOINT, next("a", true, UpgradeMode.SAVEPOINT, 2, running).action());
    Running saved = run("a", true, Optional.of(FlinkJobState.FINISHED), 2, "s3://sp/2");
    assertEquals(Action.STOP_CLUSTER, next("a", true, UpgradeMode.SAVEPOINT, 2, saved).action());
    Running suspended = run("a", false, Optional.empty(), 0, "s3://sp/2");
    assertEquals(Action.OBSERVE, next("a", true, UpgradeMode.SAVEPOINT, 2, suspended).action());
    Step resume = next("a", false, UpgradeMode.SAVEPOINT, 2, suspended);
    assertEquals(Action.DEPLOY, resume.action());
    assertEquals("s3://sp/2", resume.restorePath());
  }

  @Test
  void anUpgradeWhoseFirstStepScaledTheClusterDownStartsTheNewPlanFromItsSavepoint() {
    Step start = next("b", false, UpgradeMode.SAVEPOINT, 2, run("a", false, Optional.empty(), 0, "s3://sp/a"));
    assertEquals(Action.DEPLOY, start.action());
    assertEquals("s3://sp/a", start.restorePath());
    assertEquals("start the new plan", start.reason(), "an upgrade is not called a resume in its event");
  }

  @Test
  void aStatelessPipelineSuspendsWithoutASavepointAndResumesEmpty() {
    Running running = run("a", true, RUNNING, 2, null);
    assertEquals(Action.STOP_CLUSTER, next("a", true, UpgradeMode.STATELESS, 2, running).action());
    Step resume = next("a", false, UpgradeMode.STATELESS, 2, run("a", false, Optional.empty(), 0, "s3://old"));
    assertNull(resume.restorePath());
  }

  @Test
  void aParallelismChangeAloneIsARescale() {
    Running running = run("a", true, RUNNING, 2, null);
    assertEquals(Action.RESCALE, next("a", false, UpgradeMode.SAVEPOINT, 4, running).action());
    assertEquals(Action.OBSERVE, next("a", false, UpgradeMode.SAVEPOINT, 2, running).action());
  }

  @Test
  void anUpgradeThatDoesNotRunInTimeRollsBackToTheStablePlanFromItsSavepoint() {
    Step waiting = withRollback("b", UpgradeMode.SAVEPOINT, upgradedToB(Optional.of(FlinkJobState.RESTARTING),
        Duration.ofMinutes(4), null));
    assertEquals(Action.OBSERVE, waiting.action(), "still within the timeout");
    Step late = withRollback("b", UpgradeMode.SAVEPOINT, upgradedToB(Optional.of(FlinkJobState.RESTARTING),
        Duration.ofMinutes(6), null));
    assertEquals(Action.ROLLBACK, late.action());
    assertEquals("s3://sp/a", late.restorePath());
    Step failed = withRollback("b", UpgradeMode.SAVEPOINT, upgradedToB(Optional.of(FlinkJobState.FAILED), Duration.ofSeconds(5),
        null));
    assertEquals(Action.ROLLBACK, failed.action(), "a failed job need not wait for the timeout");
  }

  @Test
  void rollbackIsOffUnlessEnabledAndNeedsAStablePlan() {
    Running late = upgradedToB(Optional.of(FlinkJobState.RESTARTING), Duration.ofHours(1), null);
    assertEquals(Action.OBSERVE, next("b", false, UpgradeMode.SAVEPOINT, 2, late).action());
    Running firstPlanFailing = new Running("a", true, Optional.of(FlinkJobState.FAILED), 2, null, false,
        new History(null, null, null, Optional.of(Duration.ofHours(1))));
    assertEquals(Action.OBSERVE, withRollback("a", UpgradeMode.SAVEPOINT, firstPlanFailing).action());
  }

  @Test
  void aStatelessRollbackStartsEmptyAndALastStateOneFromTheCheckpoints() {
    Running late = upgradedToB(Optional.of(FlinkJobState.RESTARTING), Duration.ofMinutes(6), null);
    assertNull(withRollback("b", UpgradeMode.STATELESS, late).restorePath());
    Step lastState = withRollback("b", UpgradeMode.LAST_STATE, late);
    assertEquals(Action.ROLLBACK, lastState.action());
    assertNull(lastState.restorePath(), "Kubernetes HA restores the latest checkpoint");
  }

  @Test
  void aRolledBackPlanIsNotDeployedAgainUntilThePipelineChanges() {
    Running rolledBack = new Running("a", true, RUNNING, 2, null, false,
        new History("a", "s3://sp/a", "b", Optional.of(Duration.ofSeconds(30))));
    Step same = withRollback("b", UpgradeMode.SAVEPOINT, rolledBack);
    assertEquals(Action.OBSERVE, same.action());
    assertEquals("plan b was rolled back; change the Pipeline to try again", same.reason());
    assertEquals(Action.STOP_WITH_SAVEPOINT, withRollback("c", UpgradeMode.SAVEPOINT, rolledBack).action());
  }

  @Test
  void aFixForAnUpgradeThatNeverRanDeploysFromTheStablePlansSavepoint() {
    Running failing = upgradedToB(Optional.of(FlinkJobState.RESTARTING), Duration.ofMinutes(1), null);
    Step fix = next("c", false, UpgradeMode.SAVEPOINT, 2, failing);
    assertEquals(Action.DEPLOY, fix.action());
    assertEquals("s3://sp/a", fix.restorePath());
  }

  @Test
  void aSavepointInProgressIsAwaitedBeforeAnythingElse() {
    Running saving = new Running("a", true, RUNNING, 2, null, true, History.NONE);
    assertEquals(Action.AWAIT_SAVEPOINT, next("b", false, UpgradeMode.SAVEPOINT, 2, saving).action());
    assertEquals(Action.AWAIT_SAVEPOINT, next("a", true, UpgradeMode.SAVEPOINT, 2, saving).action());
  }
}
