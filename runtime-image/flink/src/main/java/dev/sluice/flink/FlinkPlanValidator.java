package dev.sluice.flink;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanStatement;
import dev.sluice.plan.PlanValidator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

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

  /** Generated clicks counted per user in 10-second windows: a plan that loads most of the planner. */
  private static final PipelinePlan WARM_UP = PipelinePlan.of("sluice", "warm-up", List.of("clicks"),
      List.of("counts"), List.of(
          warmUpStatement("CREATE TABLE clicks (user_id BIGINT, url STRING, ts TIMESTAMP(3),"
              + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen')"),
          warmUpStatement("CREATE TABLE counts (user_id BIGINT, window_end TIMESTAMP(3), clicks BIGINT)"
              + " WITH ('connector' = 'blackhole')")),
      List.of(warmUpStatement("INSERT INTO counts SELECT user_id, window_end, COUNT(*) FROM TABLE("
          + "TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY user_id, window_start, window_end")),
      Map.of(), 1, List.of(), List.of());

  private final ThreadLocal<CheckEnvironment> environments = new ThreadLocal<>();
  private final ExecutorService checks = checkThreads();

  /**
   * Starts Flink's planner on every check thread by checking a small plan on each, so that the
   * Pipelines met first after a start do not wait for planners to start and their classes to load
   * and compile. Completes with the errors found in that plan: none, unless the planner is broken.
   */
  public CompletableFuture<List<PlanError>> warmUp() {
    // A pool below its core size starts a thread for each task, so each check lands on its own thread.
    List<CompletableFuture<List<PlanError>>> started = IntStream.range(0, CHECK_THREADS)
        .mapToObj(thread -> CompletableFuture.supplyAsync(() -> check(WARM_UP), checks)).toList();
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .thenApply(done -> started.stream().flatMap(check -> check.join().stream()).toList());
  }

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

  private static PlanStatement warmUpStatement(String sql) {
    return new PlanStatement(sql, "Pipeline/warm-up", "plan", 0);
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
