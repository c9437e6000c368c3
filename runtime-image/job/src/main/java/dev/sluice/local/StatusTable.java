package dev.sluice.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The status of the local pipelines as a table, with the columns `kubectl get pl` and the status show. */
final class StatusTable {

  private static final List<String> HEADER =
      List.of("PIPELINE", "STATE", "PARALLELISM", "ROWS READ", "ROWS WRITTEN", "CHECKPOINTS", "VIOLATIONS");

  private final List<List<String>> rows = new ArrayList<>();

  void add(String pipeline, String state, int parallelism, long read, long written, long checkpoints,
           Map<String, Long> violations) {
    String perRule = violations.isEmpty() ? "-" : violations.entrySet().stream()
        .map(rule -> rule.getKey() + "=" + rule.getValue()).collect(Collectors.joining(","));
    rows.add(List.of(pipeline, state, Integer.toString(parallelism), Long.toString(read), Long.toString(written),
        Long.toString(checkpoints), perRule));
  }

  void print(PrintStream out) {
    int[] widths = new int[HEADER.size()];
    for (List<String> row : allRows()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : allRows()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println();
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>();
    all.add(HEADER);
    all.addAll(rows);
    return all;
  }
}
