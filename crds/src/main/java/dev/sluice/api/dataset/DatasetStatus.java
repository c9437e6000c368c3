package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed about a Dataset. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatasetStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("The kind of connector, as shown by kubectl get.")
  private String connector;

  @JsonPropertyDescription("Version of the accepted schema; it grows by one with each accepted change.")
  private Integer schemaVersion;

  @JsonPropertyDescription("SHA-256 over the accepted columns, primary key and event time.")
  private String schemaFingerprint;

  @JsonPropertyDescription("The schema last accepted under the contract. Pipelines run on this schema "
      + "while a newer spec is refused as incompatible.")
  private Schema acceptedSchema;

  @JsonPropertyDescription("Pipelines that write this dataset.")
  private List<String> producers = new ArrayList<>();

  @JsonPropertyDescription("Pipelines that read this dataset.")
  private List<String> consumers = new ArrayList<>();

  @JsonPropertyDescription("The dataset holds its producers' input up to this time (RFC 3339): the earliest "
      + "freshThrough of the Pipelines that write it, since data is complete only as far as every producer has "
      + "written it. Unset until every producer reports one.")
  private String freshThrough;

  @JsonPropertyDescription("Age of freshThrough, such as 42s or 3m12s.")
  private String freshness;

  @JsonPropertyDescription("Age of freshThrough, in seconds.")
  private Long freshnessSeconds;

  @JsonPropertyDescription("When a producer last wrote data (RFC 3339).")
  private String lastWriteTime;

  @JsonPropertyDescription("Ready, SchemaCompatible and, for Kafka, TopicReady, following Kubernetes API conventions.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getConnector() {
    return connector;
  }

  public void setConnector(String connector) {
    this.connector = connector;
  }

  public Integer getSchemaVersion() {
    return schemaVersion;
  }

  public void setSchemaVersion(Integer schemaVersion) {
    this.schemaVersion = schemaVersion;
  }

  public String getSchemaFingerprint() {
    return schemaFingerprint;
  }

  public void setSchemaFingerprint(String schemaFingerprint) {
    this.schemaFingerprint = schemaFingerprint;
  }

  public Schema getAcceptedSchema() {
    return acceptedSchema;
  }

  public void setAcceptedSchema(Schema acceptedSchema) {
    this.acceptedSchema = acceptedSchema;
  }

  public List<String> getProducers() {
    return producers;
  }

  public void setProducers(List<String> producers) {
    this.producers = producers;
  }

  public List<String> getConsumers() {
    return consumers;
  }

  public void setConsumers(List<String> consumers) {
    this.consumers = consumers;
  }

  public String getFreshThrough() {
    return freshThrough;
  }

  public void setFreshThrough(String freshThrough) {
    this.freshThrough = freshThrough;
  }

  public String getFreshness() {
    return freshness;
  }

  public void setFreshness(String freshness) {
    this.freshness = freshness;
  }

  public Long getFreshnessSeconds() {
    return freshnessSeconds;
  }

  public void setFreshnessSeconds(Long freshnessSeconds) {
    this.freshnessSeconds = freshnessSeconds;
  }

  public String getLastWriteTime() {
    return lastWriteTime;
  }

  public void setLastWriteTime(String lastWriteTime) {
    this.lastWriteTime = lastWriteTime;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
