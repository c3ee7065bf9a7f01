package dev.aloft.server.events;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The syntax and size limits of the events service, checked the same way by every backend and
 * documented in docs/events.md. Every check throws {@link InvalidEventsRequestException} naming the
 * field.
 */
public final class EventsLimits {

  /** Largest payload accepted by Publish: 1 MiB, the default maximum message size of NATS. */
  public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

  public static final int MAX_TOPIC_LENGTH = 200;
  public static final int MAX_GROUP_LENGTH = 64;
  public static final int MAX_METADATA_ENTRIES = 64;
  public static final int MAX_METADATA_KEY_LENGTH = 128;
  public static final int MAX_METADATA_VALUE_LENGTH = 4096;

  public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
  public static final Duration MIN_ACK_WAIT = Duration.ofMillis(100);
  public static final Duration MAX_ACK_WAIT = Duration.ofHours(1);

  /**
   * Most events a group may hold delivered but unacknowledged; while at the limit the group's
   * consumers get no new events (JetStream's default max_ack_pending).
   */
  public static final int MAX_UNACKED_PER_GROUP = 1000;

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]+");

  private EventsLimits() {}

  public static void checkTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new InvalidEventsRequestException("topic", "is required");
    }
    if (topic.length() > MAX_TOPIC_LENGTH) {
      throw new InvalidEventsRequestException(
          "topic",
          "is " + topic.length() + " characters, at most " + MAX_TOPIC_LENGTH + " allowed");
    }
    if (!TOPIC.matcher(topic).matches()) {
      throw new InvalidEventsRequestException(
          "topic",
          "'"
              + topic
              + "' is not a topic name: use dot-separated tokens of letters, digits, '_' and '-'"
              + " (e.g. orders.created)");
    }
  }

  /** A group given to Ack, or a named group given to Consume. */
  public static void checkGroup(String group) {
    if (group == null || group.isEmpty()) {
      throw new InvalidEventsRequestException("group", "is required");
    }
    if (group.length() > MAX_GROUP_LENGTH) {
      throw new InvalidEventsRequestException(
          "group",
          "is " + group.length() + " characters, at most " + MAX_GROUP_LENGTH + " allowed");
    }
    if (!GROUP.matcher(group).matches()) {
      throw new InvalidEventsRequestException(
          "group",
          "'" + group + "' is not a group name: use letters, digits, '_' and '-' (no dots)");
    }
  }

  public static void checkPayload(ByteString payload) {
    if (payload == null) {
      throw new InvalidEventsRequestException("payload", "is required (may be empty)");
    }
    if (payload.size() > MAX_PAYLOAD_BYTES) {
      throw new InvalidEventsRequestException(
          "payload",
          "is " + payload.size() + " bytes, at most " + MAX_PAYLOAD_BYTES + " (1 MiB) allowed");
    }
  }

  public static void checkMetadata(Map<String, String> metadata) {
    if (metadata == null) {
      throw new InvalidEventsRequestException("metadata", "is required (may be empty)");
    }
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new InvalidEventsRequestException(
          "metadata",
          "has " + metadata.size() + " entries, at most " + MAX_METADATA_ENTRIES + " allowed");
    }
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      if (key == null || key.isEmpty()) {
        throw new InvalidEventsRequestException("metadata", "has an empty key");
      }
      if (key.length() > MAX_METADATA_KEY_LENGTH) {
        throw new InvalidEventsRequestException(
            "metadata",
            "key '"
                + key.substring(0, 20)
                + "...' is "
                + key.length()
                + " characters, at most "
                + MAX_METADATA_KEY_LENGTH
                + " allowed");
      }
      String value = entry.getValue();
      if (value == null) {
        throw new InvalidEventsRequestException("metadata[\"" + key + "\"]", "has no value");
      }
      if (value.length() > MAX_METADATA_VALUE_LENGTH) {
        throw new InvalidEventsRequestException(
            "metadata[\"" + key + "\"]",
            "is "
                + value.length()
                + " characters, at most "
                + MAX_METADATA_VALUE_LENGTH
                + " allowed");
      }
    }
  }

  public static void checkEventId(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidEventsRequestException("id", "is required");
    }
    if (id.length() > 64) {
      throw new InvalidEventsRequestException("id", "is not an event id (too long)");
    }
  }

  public static void checkAckWait(Duration ackWait) {
    if (ackWait.compareTo(MIN_ACK_WAIT) < 0 || ackWait.compareTo(MAX_ACK_WAIT) > 0) {
      throw new InvalidEventsRequestException(
          "ack_wait", "is " + ackWait + ", must be between 100ms and 1h");
    }
  }
}
