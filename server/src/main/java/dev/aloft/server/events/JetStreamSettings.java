package dev.aloft.server.events;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the JetStream events backend connects and how it names things ({@code
 * aloft.events.jetstream.*}).
 *
 * @param url the NATS server(s), e.g. {@code nats://127.0.0.1:4222} (comma-separated for several)
 * @param user user name, when the server wants user and password
 * @param password the user's password
 * @param token an authentication token, when the server wants one instead
 * @param prefix first subject token and stream name prefix of every topic (see docs/events.md)
 * @param replicas how many copies JetStream keeps of each stream
 * @param timeout connecting and every JetStream request (publish, ack) may take this long
 */
public record JetStreamSettings(
    String url,
    Optional<String> user,
    Optional<String> password,
    Optional<String> token,
    String prefix,
    int replicas,
    Duration timeout) {

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,15}");

  public JetStreamSettings {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("aloft.events.jetstream.url is required");
    }
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "aloft.events.jetstream.prefix '"
              + prefix
              + "' must be 1 to 16 lowercase letters and digits, starting with a letter");
    }
    if (replicas < 1 || replicas > 5) {
      throw new IllegalArgumentException(
          "aloft.events.jetstream.replicas must be 1 to 5, got " + replicas);
    }
  }
}
