package dev.sluice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.stream.Collectors;

/** A manifest that cannot be read; the message names the file and the field. */
public class ManifestException extends RuntimeException {

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }

  public ManifestException(String message) {
    super(message);
  }

  /** The dotted path of the field a Jackson error is about, such as spec.parallelism.max. */
  static String path(JsonProcessingException error) {
    if (!(error instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return "(document root)";
    }
    return mapping.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
