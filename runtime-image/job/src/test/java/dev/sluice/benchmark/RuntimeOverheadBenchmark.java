package dev.sluice.benchmark;

import dev.sluice.fixtures.Machine;
import dev.sluice.fixtures.Samples;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What Sluice's layer costs per record: each Nexmark-style query runs by hand on Flink (b),
 * through Sluice (a), and through Sluice with quality rules (c), in one MiniCluster, interleaved
 * round by round so that a change of load on the machine hits every variant alike. Sources are
 * bounded, so a job's records per second are its rows divided by the time its tasks ran, from the
 * first task running to the last one finished: scheduling and deployment, the same for every
 * variant, stay out of it, and so does submission, which is timed on its own. A benchmark, not a
 * test: nothing here is asserted.
 *
 * <p>Run from the repository root: {@code ./mvnw -q -pl runtime-image/job -am test-compile
 * -Pruntime-benchmark}. Sizes are system properties passed through {@code benchmark.options}:
 * {@code -Dbenchmark.options="-Dbenchmark.rows=100000 -Dbenchmark.rounds=1 -Dbenchmark.warmup=0"},
 * and {@code -Dbenchmark.parallelism=}, {@code -Dbenchmark.queries=} (names, comma separated).
 */
public final class RuntimeOverheadBenchmark {

  private static final String ROW = "  %-17s %-16s %12s %7s %10s   %-9s %6s %17s%n";

  private final MiniCluster cluster;
  private final long rows;
  private final int parallelism;
  private final Path state;
  private final Map<String, Map<Variant, Samples>> rates = new LinkedHashMap<>();
  private final Map<String, Map<Variant, Samples>> ratios = new LinkedHashMap<>();
  private final Map<String, Map<Variant, Samples>> submits = new LinkedHashMap<>();

  private RuntimeOverheadBenchmark(MiniCluster cluster, long rows, int parallelism, Path state) {
    this.cluster = cluster;
    this.rows = rows;
    this.parallelism = parallelism;
    this.state = state;
  }

  public static void main(String[] args) throws Exception {
    long rows = Long.getLong("benchmark.rows", 1_000_000);
    int rounds = Integer.getInteger("benchmark.rounds", 5);
    int warmup = Integer.getInteger("benchmark.warmup", 1);
    int parallelism = Integer.getInteger("benchmark.parallelism", 1);
    List<String> names = Arrays.stream(System.getProperty("benchmark.queries", "").split(","))
        .filter(name -> !name.isBlank()).toList();
    List<NexmarkQueries.Query> queries = NexmarkQueries.all().stream()
        .filter(query -> names.isEmpty() || names.contains(query.name())).toList();

    System.out.printf(Locale.ROOT, "Runtime overhead: %,d generated bids per job, parallelism %d, %d warm-up and %d"
        + " measured rounds, variants interleaved%n", rows, parallelism, warmup, rounds);
    System.out.println("machine: " + Machine.describe());
    Path state = Files.createTempDirectory("sluice-benchmark");
    try (MiniCluster cluster = startCluster(parallelism)) {
      TestStreamEnvironment.setAsContext(cluster, parallelism);
      RuntimeOverheadBenchmark benchmark = new RuntimeOverheadBenchmark(cluster, rows, parallelism, state);
      for (int round = 0; round < warmup + rounds; round++) {
        boolean measured = round >= warmup;
        for (NexmarkQueries.Query query : queries) {
          benchmark.round(query, round, measured);
        }
        System.out.printf(Locale.ROOT, "  %s round %d done, load %s%n", measured ? "measured" : "warm-up",
            round + 1, Machine.loadAverage());
        if (measured) {
          benchmark.printSummary();
        }
      }
      benchmark.print();
    } finally {
      TestStreamEnvironment.unsetAsContext();
    }
    System.out.println("machine at the end: load " + Machine.loadAverage());
  }

  /** Runs every variant of one query once, starting at a variant that moves on each round. */
  private void round(NexmarkQueries.Query query, int round, boolean measured) throws Exception {
    Variant[] variants = Variant.values();
    Map<Variant, Double> rate = new EnumMap<>(Variant.class);
    for (int i = 0; i < variants.length; i++) {
      Variant variant = variants[(i + round) % variants.length];
      long start = System.nanoTime();
      JobClient job = variant.submit(query, rows, parallelism, state);
      double submitMillis = (System.nanoTime() - start) / 1e6;
      job.getJobExecutionResult().get(30, TimeUnit.MINUTES);
      rate.put(variant, rows * 1000.0 / taskMillis(job.getJobID()));
      if (measured) {
        samples(submits, query, variant).add(submitMillis);
      }
    }
    if (!measured) {
      return;
    }
    rate.forEach((variant, value) -> samples(rates, query, variant).add(value));
    for (Variant variant : variants) {
      if (variant != Variant.FLINK) {
        samples(ratios, query, variant).add(rate.get(variant) / rate.get(reference(variant)));
      }
    }
  }

  /** From the first task running to the last one finished. */
  private long taskMillis(JobID job) throws Exception {
    long first = Long.MAX_VALUE;
    long last = 0;
    for (AccessExecutionVertex task : cluster.getArchivedExecutionGraph(job).get().getAllExecutionVertices()) {
      first = Math.min(first, task.getStateTimestamp(ExecutionState.RUNNING));
      last = Math.max(last, task.getStateTimestamp(ExecutionState.FINISHED));
    }
    return Math.max(1, last - first);
  }

  /** Sluice is measured against Flink by hand, and rules against Sluice without them. */
  private static Variant reference(Variant variant) {
    return variant == Variant.SLUICE ? Variant.FLINK : Variant.SLUICE;
  }

  private static Samples samples(Map<String, Map<Variant, Samples>> figures, NexmarkQueries.Query query,
                                 Variant variant) {
    return figures.computeIfAbsent(query.name(), name -> new EnumMap<>(Variant.class))
        .computeIfAbsent(variant, key -> new Samples());
  }

  private void print() {
    System.out.println();
    System.out.println("records/s: rows / time the tasks ran, median over the measured rounds, ± the largest distance"
        + " of a round from it;"
        + " submit: from the call until Flink has the job (Sluice's includes validating the plan);"
        + " ratio: median of the per-round ratios, [lowest-highest]");
    System.out.printf(Locale.ROOT, ROW, "query", "variant", "records/s", "spread", "submit ms", "ratio", "", "range");
    rates.forEach((query, byVariant) -> byVariant.keySet().stream().sorted().forEach(variant -> {
      Samples rate = byVariant.get(variant);
      Samples ratio = ratios.get(query).get(variant);
      System.out.printf(Locale.ROOT, ROW, query, variant.label(), String.format(Locale.ROOT, "%,.0f", rate.median()),
          percent(rate.spread()), String.format(Locale.ROOT, "%.0f", submits.get(query).get(variant).median()),
          ratio == null ? "" : reference(variant) == Variant.FLINK ? "(a)/(b)" : "(c)/(a)",
          ratio == null ? "" : String.format(Locale.ROOT, "%.3f", ratio.median()),
          ratio == null ? "" : String.format(Locale.ROOT, "[%.3f-%.3f]", ratio.min(), ratio.max()));
    }));
    printSummary();
  }

  /** The ratios as a Markdown table, printed after each measured round too, so a run cut short still tells. */
  private void printSummary() {
    System.out.println();
    System.out.println("| query | (b) Flink records/s | (a) Sluice records/s | (a)/(b) | 1 rule (c)/(a)"
        + " | 5 rules (c)/(a) | dead letter (c)/(a) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    rates.forEach((query, byVariant) -> {
      List<String> cells = new ArrayList<>(List.of(query,
          String.format(Locale.ROOT, "%,.0f", byVariant.get(Variant.FLINK).median()),
          String.format(Locale.ROOT, "%,.0f", byVariant.get(Variant.SLUICE).median())));
      for (Variant variant : List.of(Variant.SLUICE, Variant.ONE_RULE, Variant.FIVE_RULES, Variant.DEAD_LETTER)) {
        Samples ratio = ratios.get(query).get(variant);
        cells.add(String.format(Locale.ROOT, "%.3f [%.2f-%.2f]", ratio.median(), ratio.min(), ratio.max()));
      }
      System.out.println("| " + String.join(" | ", cells) + " |");
    });
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "±%.1f%%", fraction * 100);
  }

  /** One task manager with a slot per subtask, every address on loopback. */
  private static MiniCluster startCluster(int parallelism) throws Exception {
    Configuration configuration = Configuration.fromMap(Map.of(
        "rest.bind-address", "127.0.0.1",
        "rest.address", "127.0.0.1",
        "jobmanager.bind-host", "127.0.0.1",
        "taskmanager.bind-host", "127.0.0.1",
        "taskmanager.host", "127.0.0.1"));
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(parallelism)
        .setConfiguration(configuration)
        .build());
    cluster.start();
    return cluster;
  }
}
