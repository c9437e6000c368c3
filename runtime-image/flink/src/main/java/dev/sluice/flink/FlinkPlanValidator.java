package dev.sluice.flink;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanValidator;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks a plan with Flink's own SQL parser and planner: every statement is parsed, the tables and
 * views are created in an in-memory catalog, and every INSERT is planned down to the job graph,
 * as the job would be, but nothing runs and nothing connects to Kafka.
 *
 * <p>Safe to share between threads. Checks run on threads of their own, one per processor, since
 * each is pure CPU work; each thread keeps one {@link CheckEnvironment}, cleaned between plans. A
 * planner must stay on the thread that created it: Flink's planner keeps Calcite's metadata
 * provider in a thread-local, set when it starts. Threads idle for a minute end, and their
 * environments with them.
 */
public final class FlinkPlanValidator implements PlanValidator {

  private static final int CHECK_THREADS = Runtime.getRuntime().availableProcessors();
  private static final AtomicInteger VALIDATORS = new AtomicInteger();

  private final ThreadLocal<CheckEnvironment> environments = new ThreadLocal<>();
  private final ExecutorService checks = checkThreads();

  @Override
  public List<PlanError> validate(PipelinePlan plan) {
    try {
      return checks.submit(() -> check(plan)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the plan of " + plan.name() + " was checked", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) e.getCause();
    }
  }

  private List<PlanError> check(PipelinePlan plan) {
    CheckEnvironment environment = environments.get();
    if (environment == null) {
      environment = new CheckEnvironment();
      environments.set(environment);
    }
    // Until reset, the environment holds this plan's objects; a check that throws leaves it unusable.
    environments.remove();
    List<PlanError> errors = new PlanCheck(plan, environment).run();
    if (environment.reset()) {
      environments.set(environment);
    }
    return errors;
  }

  private static ExecutorService checkThreads() {
    String prefix = "sluice-plan-check-" + VALIDATORS.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(CHECK_THREADS, CHECK_THREADS, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, prefix + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
