package dev.sluice.reconciler.dataset;

/** Every reason a Dataset's conditions and events give: one list for both. */
public enum DatasetReason {
  /** Ready: the schema is accepted and the topic, if any, is as declared. */
  Accepted,
  /** Ready=False: Flink cannot read the schema; the message names the field. */
  InvalidSchema,
  /** SchemaCompatible, and an event for each new version. */
  SchemaAccepted,
  /** SchemaCompatible=False: the change breaks the contract's compatibility mode. */
  IncompatibleChange,
  /** Ready=False, and a warning event: the schema change was refused. */
  SchemaIncompatible,
  /** TopicReady: the topic has the declared partition count. */
  TopicFound,
  /** TopicReady=False: no such topic. */
  TopicNotFound,
  /** TopicReady=False: the topic has another partition count. */
  PartitionMismatch,
  /** TopicReady=False: the brokers did not answer. */
  BrokersUnreachable,
  /** TopicReady=False: a Secret the connector names is missing. */
  SecretMissing
}
