package dev.sluice.plan;

/** Whether the Pipeline reads a table or writes it; the connector options differ. */
enum TableRole {
  SOURCE, SINK
}
