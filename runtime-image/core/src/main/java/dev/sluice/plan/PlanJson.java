package dev.sluice.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes plans as the JSON of the {@code plan.json} ConfigMap key. */
public final class PlanJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PlanJson() {
  }

  public static String write(PipelinePlan plan) {
    try {
      return MAPPER.writeValueAsString(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plan " + plan.namespace() + "/" + plan.name(), e);
    }
  }

  public static PipelinePlan read(String json) {
    try {
      return MAPPER.readValue(json, PipelinePlan.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a Sluice plan: " + e.getOriginalMessage(), e);
    }
  }

  public static PipelinePlan read(Path file) {
    try {
      return read(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the plan file " + file, e);
    }
  }
}
