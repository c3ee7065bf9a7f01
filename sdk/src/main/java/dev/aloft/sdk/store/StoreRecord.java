package dev.aloft.sdk.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A record read from the store.
 *
 * @param key its key
 * @param value its value bytes
 * @param expiresIn how long it lives on; empty for a record that never expires
 */
public record StoreRecord(String key, byte[] value, Optional<Duration> expiresIn) {

  /** The value as UTF-8 text. */
  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }
}
