package dev.sluice.flink;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;
import org.apache.flink.table.catalog.ObjectIdentifier;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Which tables the user's SQL may write, and whether it writes every output. */
final class OutputCoverage {

  private OutputCoverage() {
  }

  /** The output tables as identifiers in the catalog and database that unqualified names resolve in. */
  static List<ObjectIdentifier> outputIdentifiers(PipelinePlan plan, String catalog, String database) {
    return plan.outputs().stream()
        .map(output -> ObjectIdentifier.of(catalog, database, PipelinePlan.tableName(output))).toList();
  }

  static String declaredTables(PipelinePlan plan) {
    return Stream.concat(plan.inputs().stream(), plan.outputs().stream())
        .map(PipelinePlan::tableName).collect(Collectors.joining(", "));
  }

  static void check(PipelinePlan plan, Set<String> written, String catalog, String database,
                    List<PlanError> errors) {
    List<ObjectIdentifier> outputs = outputIdentifiers(plan, catalog, database);
    for (int i = 0; i < outputs.size(); i++) {
      if (!written.contains(outputs.get(i).asSummaryString())) {
        errors.add(new PlanError("Pipeline/" + plan.name(), "spec.outputs[" + i + "]", "no INSERT INTO "
            + outputs.get(i).getObjectName() + " in spec.sql writes it; write it or remove it from spec.outputs"));
      }
    }
  }
}
