package dev.sluice.slo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.Optional;

/**
 * An SLO's {@link HistorySnapshot} as the JSON the operator keeps in a ConfigMap and {@code sluice
 * run} keeps in its directory: one format, so that either can read what it wrote before a restart.
 */
public final class HistoryJson {

  private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  private HistoryJson() {
  }

  public static String write(HistorySnapshot snapshot) {
    try {
      return JSON.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an SLO history is plain values and always serialises", e);
    }
  }

  /** The history in {@code text}, or empty with the reason when it is not one. */
  public static Readback read(String text) {
    try {
      return new Readback(Optional.of(JSON.readValue(text, HistorySnapshot.class)), null);
    } catch (JsonProcessingException e) {
      return new Readback(Optional.empty(), e.getOriginalMessage());
    }
  }

  /** @param unreadable why {@code snapshot} is empty, or null when it was read */
  public record Readback(Optional<HistorySnapshot> snapshot, String unreadable) {
  }
}
