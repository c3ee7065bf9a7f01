package dev.aloft.server.store;

import java.time.Instant;
import java.util.Map;

/**
 * A record of the store.
 *
 * @param key the key, unique in its table
 * @param value the value bytes
 * @param metadata typed metadata by name
 * @param expiresAt when the record stops being readable; null when never
 */
public record StoreRecord(
    String key, byte[] value, Map<String, MetadataField> metadata, Instant expiresAt) {

  public StoreRecord {
    metadata = Map.copyOf(metadata);
  }

  /** A typed metadata value, kept as text. */
  public record MetadataField(String type, String value) {}
}
