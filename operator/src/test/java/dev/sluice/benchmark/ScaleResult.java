package dev.sluice.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The figures of one size, and how they are printed. */
record ScaleResult(int pipelines, Duration floor, double floorCores, Duration toDeploying, double sluiceCores, List<AuditLog.Request> requestsToDeploying,
                   List<Long> requestsPerMinute, List<AuditLog.Request> requestsAfter, Duration cpuToDeploying, Duration cpuSteady, long heapAtDeploying,
                   long heapAtEnd) {

  private static final double MIB = 1024 * 1024;

  static void print(List<ScaleResult> results, int steadyMinutes) {
    System.out.println();
    System.out.println("time: from the first apply until every Pipeline is Deploying; floor: a bare client writing the"
        + " same objects and status; requests: the operator's, as the API server's audit log counts them; heap: live"
        + " bytes after a full GC, when all are Deploying and at the end; CPU: operator process, user + system; cores busy:"
        + " the whole machine's CPU time (every process: API server, etcd, clients, operator) over the wall time");
    System.out.println("| Pipelines | floor | Sluice | Sluice / floor | cores busy, floor / Sluice"
        + " | requests per Pipeline to Deploying"
        + " | requests per Pipeline per minute, by minute | CPU to Deploying | CPU per minute after"
        + " | heap at Deploying | heap at end |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
    results.forEach(result -> System.out.println(result.row(steadyMinutes)));
    System.out.println();
    results.forEach(result -> result.printRequests(steadyMinutes));
  }

  /** The figures as a row of the Markdown table. */
  String row(int steadyMinutes) {
    return String.format(Locale.ROOT, "| %d | %.1f s | %.1f s | %.2f | %.2f / %.2f | %.1f | %s | %.0f s | %.1f s"
        + " | %.0f MiB | %.0f MiB |", pipelines, seconds(floor), seconds(toDeploying), seconds(toDeploying) / seconds(floor),
        floorCores, sluiceCores,
        requestsToDeploying.size() / (double) pipelines,
        requestsPerMinute.stream().map(count -> String.format(Locale.ROOT, "%.2f", count / (double) pipelines))
            .collect(Collectors.joining(", ")),
        seconds(cpuToDeploying), seconds(cpuSteady) / steadyMinutes, heapAtDeploying / MIB, heapAtEnd / MIB);
  }

  void printRequests(int steadyMinutes) {
    System.out.println(pipelines + " Pipelines, the operator's requests per Pipeline to Deploying: "
        + perPipeline(requestsToDeploying, pipelines));
    System.out.println(pipelines + " Pipelines, the operator's requests per Pipeline per minute after: "
        + perPipeline(requestsAfter, pipelines * steadyMinutes));
  }

  /** Requests by verb and resource per Pipeline (or Pipeline-minute), most first. */
  private static String perPipeline(List<AuditLog.Request> requests, int pipelines) {
    Map<String, Long> counts = requests.stream().collect(Collectors.groupingBy(
        request -> request.verb() + " " + request.resource(), Collectors.counting()));
    return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .map(entry -> String.format(Locale.ROOT, "%s %.2f", entry.getKey(), entry.getValue() / (double) pipelines))
        .collect(Collectors.joining(", "));
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  /** Collects the figures as the run produces them. */
  static final class Builder {
    private final int pipelines;
    private final Duration floor;
    private final double floorCores;
    private double sluiceCores = Double.NaN;
    private Instant start;
    private Instant deploying;
    private int minutes;
    private Duration cpuToDeploying;
    private Duration cpuSteady;
    private long heapAtDeploying;
    private long heapAtEnd;
    private List<AuditLog.Request> requests;

    Builder(int pipelines, Duration floor, double floorCores) {
      this.pipelines = pipelines;
      this.floor = floor;
      this.floorCores = floorCores;
    }

    Builder operator(Instant start, Instant deploying, int minutes, Duration cpuToDeploying, Duration cpuSteady,
                     long heapAtDeploying, long heapAtEnd) {
      this.start = start;
      this.deploying = deploying;
      this.minutes = minutes;
      this.cpuToDeploying = cpuToDeploying;
      this.cpuSteady = cpuSteady;
      this.heapAtDeploying = heapAtDeploying;
      this.heapAtEnd = heapAtEnd;
      return this;
    }

    Builder machine(double sluiceCores) {
      this.sluiceCores = sluiceCores;
      return this;
    }

    Builder requests(List<AuditLog.Request> requests) {
      this.requests = requests;
      return this;
    }

    ScaleResult build() {
      List<AuditLog.Request> toDeploying = between(start, deploying);
      List<Long> perMinute = new ArrayList<>();
      for (int minute = 0; minute < minutes; minute++) {
        perMinute.add((long) between(deploying.plus(Duration.ofMinutes(minute)),
            deploying.plus(Duration.ofMinutes(minute + 1))).size());
      }
      return new ScaleResult(pipelines, floor, floorCores, Duration.between(start, deploying), sluiceCores, toDeploying,
          perMinute,
          between(deploying, deploying.plus(Duration.ofMinutes(minutes))),
          cpuToDeploying, cpuSteady, heapAtDeploying, heapAtEnd);
    }

    private List<AuditLog.Request> between(Instant from, Instant to) {
      return requests.stream().filter(request -> !request.received().isBefore(from) && request.received().isBefore(to))
          .toList();
    }
  }
}
