package dev.aloft.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.server.store.StoreRecord.MetadataField;
import java.util.Map;
import java.util.TreeMap;

/** A record's metadata as the JSON text the SQL backends keep in {@code metadata_json}. */
final class RecordMetadataJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, MetadataField>> METADATA =
      new TypeReference<>() {};

  private RecordMetadataJson() {}

  static String print(Map<String, MetadataField> metadata) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(metadata));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print record metadata", e);
    }
  }

  static Map<String, MetadataField> parse(String json) {
    try {
      return JSON.readValue(json, METADATA);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored record metadata is not JSON: " + e.getMessage(), e);
    }
  }
}
