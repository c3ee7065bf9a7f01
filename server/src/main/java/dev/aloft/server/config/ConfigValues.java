package dev.aloft.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/** Parses and prints the JSON values kept in config, enforcing the size limit. */
public final class ConfigValues {

  /** The largest value a Set accepts, in bytes of UTF-8 JSON text. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ConfigValues() {}

  /**
   * Parses a value from a request; INVALID_ARGUMENT naming {@code field} when it is empty, too
   * large or not JSON.
   */
  public static JsonNode parse(String json, String field) {
    if (json == null || json.isBlank()) {
      throw ConfigPath.invalid(field, "is required (a JSON value such as 10, \"text\" or {})");
    }
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_VALUE_BYTES) {
      throw ConfigPath.invalid(
          field, "is " + bytes + " bytes, the limit is " + MAX_VALUE_BYTES + " bytes (64 KiB)");
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw ConfigPath.invalid(field, "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Parses JSON this service wrote itself. */
  static JsonNode parseStored(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored config value is not JSON: " + e.getMessage(), e);
    }
  }

  public static String print(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print a JSON tree", e);
    }
  }
}
