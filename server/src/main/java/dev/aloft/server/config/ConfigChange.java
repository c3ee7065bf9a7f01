package dev.aloft.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One Set or Delete in a namespace's config.
 *
 * @param version the version of the namespace's config this change created
 * @param path the path the change was made at
 * @param operation Set or Delete
 * @param value the value set (masked when secret and not revealed); null for a Delete
 * @param secret whether the value was set as a secret
 * @param time when the change was made
 */
public record ConfigChange(
    long version,
    ConfigPath path,
    Operation operation,
    JsonNode value,
    boolean secret,
    Instant time) {

  /** The kinds of change. */
  public enum Operation {
    SET,
    DELETE
  }

  /** This change as a reader sees it: its value masked unless secrets are revealed. */
  public ConfigChange rendered(boolean revealSecrets) {
    if (value == null) {
      return this;
    }
    return new ConfigChange(
        version,
        path,
        operation,
        ConfigDocument.render(value, secret, revealSecrets),
        secret,
        time);
  }
}
