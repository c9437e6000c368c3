package dev.sluice.flink;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ddl.CreateDatabaseOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;

import java.util.ArrayList;
import java.util.List;

/**
 * A Flink TableEnvironment that checks one plan after another. Starting a TableEnvironment costs
 * more than defining a plan's few tables, so it is kept; between plans it gets a new, empty
 * default catalog and loses every temporary table and view, so that no plan's tables leak into
 * the verdict on the next. Not thread-safe, like the TableEnvironment itself: one check at a time.
 */
final class CheckEnvironment {

  /** Current while the default catalog is replaced: Flink refuses to drop the catalog in use. */
  private static final String BETWEEN_CHECKS = "sluice_between_checks";

  private final TableEnvironmentInternal environment;
  private final String catalog;
  private final String database;
  private final List<ObjectIdentifier> temporaryViews = new ArrayList<>();
  private final List<ObjectIdentifier> temporaryTables = new ArrayList<>();
  /** False once an operation ran whose effect {@link #reset()} does not know how to undo. */
  private boolean undoable = true;

  CheckEnvironment() {
    environment = (TableEnvironmentInternal) TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    // A check generates the operators' Java code but never compiles it, so splitting long methods
    // for the JVM's 64 KB limit, which parses all of that code again, is skipped.
    environment.getConfig().set(TableConfigOptions.MAX_LENGTH_GENERATED_CODE, Integer.MAX_VALUE);
    catalog = environment.getCurrentCatalog();
    database = environment.getCurrentDatabase();
    environment.getCatalogManager().registerCatalog(BETWEEN_CHECKS, new GenericInMemoryCatalog(BETWEEN_CHECKS));
  }

  TableEnvironmentInternal environment() {
    return environment;
  }

  /** Runs a DDL operation of the plan, noting what the next plan must not see. */
  void execute(Operation operation) {
    if (operation instanceof CreateViewOperation view) {
      if (view.isTemporary()) {
        temporaryViews.add(view.getViewIdentifier());
      }
    } else if (operation instanceof CreateTableOperation table) {
      if (table.isTemporary()) {
        temporaryTables.add(table.getTableIdentifier());
      }
    } else if (!(operation instanceof CreateDatabaseOperation)) {
      undoable = false;
    }
    environment.executeInternal(operation);
  }

  /**
   * Forgets the last plan: its temporary objects are dropped and the default catalog, which held
   * its databases, tables and views, is replaced by an empty one.
   *
   * @return whether the environment is as clean as a new one; if not, it must not be used again
   */
  boolean reset() {
    if (!undoable) {
      return false;
    }
    CatalogManager catalogs = environment.getCatalogManager();
    temporaryViews.forEach(view -> catalogs.dropTemporaryView(view, true));
    temporaryTables.forEach(table -> catalogs.dropTemporaryTable(table, true));
    temporaryViews.clear();
    temporaryTables.clear();
    catalogs.setCurrentCatalog(BETWEEN_CHECKS);
    catalogs.unregisterCatalog(catalog, false);
    catalogs.registerCatalog(catalog, new GenericInMemoryCatalog(catalog, database));
    catalogs.setCurrentCatalog(catalog);
    catalogs.setCurrentDatabase(database);
    return isEmpty(catalogs);
  }

  /** Nothing in any catalog but the empty default database, temporary objects included. */
  private boolean isEmpty(CatalogManager catalogs) {
    for (String name : catalogs.listCatalogs()) {
      for (String schema : catalogs.listSchemas(name)) {
        boolean expected = name.equals(catalog) ? schema.equals(database) : name.equals(BETWEEN_CHECKS)
            && schema.equals(GenericInMemoryCatalog.DEFAULT_DB);
        if (!expected || !catalogs.listTables(name, schema).isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }
}
