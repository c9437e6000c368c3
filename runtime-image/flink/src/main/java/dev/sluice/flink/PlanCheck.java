package dev.sluice.flink;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanRule;
import dev.sluice.plan.PlanStatement;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.ExplainFormat;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.ddl.CreateDatabaseOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One check of one plan. Tables come first, and every broken one is reported; then each quality
 * rule on its own; then views and inserts in order, stopping at the first that fails, since
 * what follows would only fail for the same reason.
 */
final class PlanCheck {

  private final PipelinePlan plan;
  private final CheckEnvironment check;
  private final TableEnvironmentInternal environment;
  private final Map<String, PlanStatement> tableOrigins = new HashMap<>();
  private final Map<String, PlanStatement> writers = new LinkedHashMap<>();
  private final List<PlanError> errors = new ArrayList<>();

  PlanCheck(PipelinePlan plan, CheckEnvironment check) {
    this.plan = plan;
    this.check = check;
    this.environment = check.environment();
  }

  List<PlanError> run() {
    boolean rulesChecked = false;
    for (PlanStatement statement : plan.ddl()) {
      Definition definition = define(statement);
      if (definition.createsStorage()) {
        definition.error().ifPresent(errors::add);
        continue;
      }
      // Views come after the tables; a rule's error explains a failing quality view better than the view's own.
      if (!errors.isEmpty() || (!rulesChecked && !checkRules())) {
        return errors;
      }
      rulesChecked = true;
      if (definition.error().isPresent()) {
        errors.add(definition.error().get());
        return errors;
      }
    }
    if (errors.isEmpty() && (rulesChecked || checkRules())) {
      checkInserts();
    }
    return errors;
  }

  /** The outcome of one DDL statement: whether it creates a database or table, and its error if any. */
  private record Definition(boolean createsStorage, Optional<PlanError> error) {
  }

  private Definition define(PlanStatement statement) {
    Operation operation;
    try {
      operation = single(statement, environment.getParser().parse(statement.sql()));
    } catch (RuntimeException e) {
      return new Definition(statement.resource().startsWith("Dataset/"), Optional.of(error(statement, e)));
    }
    boolean createsStorage = operation instanceof CreateTableOperation || operation instanceof CreateDatabaseOperation;
    if (isUserSql(statement) && !(operation instanceof CreateViewOperation)) {
      return new Definition(createsStorage, Optional.of(at(statement, "only CREATE [TEMPORARY] VIEW and INSERT INTO "
          + "statements are allowed here; tables come from the Datasets in spec.inputs and spec.outputs")));
    }
    try {
      check.execute(operation);
      if (operation instanceof CreateTableOperation table) {
        tableOrigins.put(table.getTableIdentifier().asSummaryString(), statement);
      }
      return new Definition(createsStorage, Optional.empty());
    } catch (RuntimeException e) {
      return new Definition(createsStorage, Optional.of(error(statement, e)));
    }
  }

  /** Each rule's expression must be a boolean over its input's columns. */
  private boolean checkRules() {
    for (PlanRule rule : plan.qualityRules()) {
      String field = rule.field() + ".expression";
      try {
        var type = environment.sqlQuery("SELECT (" + rule.expression() + "\n) FROM " + rule.rawTable())
            .getResolvedSchema().getColumnDataTypes().get(0).getLogicalType();
        if (type.getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
          errors.add(new PlanError("Pipeline/" + plan.name(), field,
              "is of type " + type + "; a rule must be a boolean expression such as amount > 0"));
        }
      } catch (RuntimeException e) {
        errors.add(new PlanError("Pipeline/" + plan.name(), field, FlinkErrors.describe(e)));
      }
    }
    return errors.isEmpty();
  }

  private void checkInserts() {
    for (PlanStatement statement : plan.inserts()) {
      Operation operation;
      try {
        operation = single(statement, environment.getParser().parse(statement.sql()));
      } catch (RuntimeException e) {
        errors.add(error(statement, e));
        return;
      }
      if (!(operation instanceof SinkModifyOperation insert)) {
        errors.add(at(statement, "expected an INSERT INTO statement"));
        return;
      }
      if (!checkTarget(statement, insert.getContextResolvedTable().getIdentifier()) || !plan(statement, insert)) {
        return;
      }
    }
    OutputCoverage.check(plan, writers.keySet(), environment.getCurrentCatalog(), environment.getCurrentDatabase(),
        errors);
  }

  private boolean checkTarget(PlanStatement statement, ObjectIdentifier target) {
    PlanStatement other = writers.putIfAbsent(target.asSummaryString(), statement);
    if (other != null) {
      errors.add(at(statement, "writes " + target.getObjectName() + ", which " + other.origin() + " already writes; "
          + "combine them into one INSERT with UNION ALL (each sink has one transactional writer)"));
      return false;
    }
    if (isUserSql(statement) && !OutputCoverage.outputIdentifiers(plan, environment.getCurrentCatalog(),
        environment.getCurrentDatabase()).contains(target)) {
      errors.add(at(statement, "writes " + target.getObjectName() + ", which is not in spec.outputs; "
          + "add its Dataset to spec.outputs"));
      return false;
    }
    return true;
  }

  /** Plans the insert down to the job graph: schemas, connectors and changelog modes are all checked. */
  private boolean plan(PlanStatement statement, SinkModifyOperation insert) {
    try {
      environment.explainInternal(List.of(insert), ExplainFormat.TEXT, ExplainDetail.JSON_EXECUTION_PLAN);
      return true;
    } catch (RuntimeException e) {
      errors.add(error(statement, e));
      return false;
    }
  }

  private static Operation single(PlanStatement statement, List<Operation> operations) {
    if (operations.size() != 1) {
      throw new IllegalArgumentException(statement.origin() + " holds " + operations.size()
          + " statements; separate statements with semicolons");
    }
    return operations.get(0);
  }

  private PlanError error(PlanStatement statement, RuntimeException e) {
    String message = FlinkErrors.describe(e);
    Optional<PlanStatement> table = FlinkErrors.failedConnectorTable(message).map(tableOrigins::get);
    if (table.isPresent() && table.get().resource().startsWith("Dataset/")) {
      return new PlanError(table.get().resource(), "spec.connector", message);
    }
    Optional<String> notTime = FlinkErrors.watermarkOnNonTime(message)
        .filter(type -> statement.resource().startsWith("Dataset/"));
    if (notTime.isPresent()) {
      return new PlanError(statement.resource(), "spec.schema.eventTime.column", "names a column of type "
          + notTime.get() + "; the event-time column must be TIMESTAMP(p) or TIMESTAMP_LTZ(p)");
    }
    Optional<String> missing = FlinkErrors.missingObject(message);
    if (missing.isPresent() && isUserSql(statement)) {
      return at(statement, "table '" + missing.get() + "' is not a declared dataset; add its Dataset to "
          + "spec.inputs or spec.outputs (declared tables: " + OutputCoverage.declaredTables(plan) + "). Flink: "
          + FlinkErrors.inScriptLines(message, statement.line()));
    }
    return at(statement, FlinkErrors.inScriptLines(message, statement.line()));
  }

  private static PlanError at(PlanStatement statement, String message) {
    String where = statement.line() > 0 ? "statement at line " + statement.line() + ": " : "";
    return new PlanError(statement.resource(), statement.field(), where + message);
  }

  private static boolean isUserSql(PlanStatement statement) {
    return statement.field().equals("spec.sql");
  }
}
