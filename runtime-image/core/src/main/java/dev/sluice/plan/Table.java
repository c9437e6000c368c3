package dev.sluice.plan;

import dev.sluice.api.dataset.DatasetSpec;

/**
 * A Dataset as a table of the plan.
 *
 * @param dataset the Dataset's name
 * @param spec the Dataset's spec
 * @param role whether the Pipeline reads or writes it
 * @param internal whether it lives in Sluice's own database, out of reach of unqualified names in
 *     the user's SQL: the raw side of a checked input, or a dead-letter Dataset
 */
record Table(String dataset, DatasetSpec spec, TableRole role, boolean internal) {

  static final String INTERNAL_DATABASE = "sluice_internal";

  /** The table name of a Dataset: its name with - and . replaced by _. */
  static String nameOf(String dataset) {
    return dataset.replace('-', '_').replace('.', '_');
  }

  String name() {
    return nameOf(dataset);
  }

  /** How SQL refers to the table. */
  String reference() {
    return internal ? Sql.identifier(INTERNAL_DATABASE) + "." + Sql.identifier(name()) : Sql.identifier(name());
  }
}
