package dev.aloft.server.events;

import dev.aloft.api.events.v1.ConsumeRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one consumer asked for, validated and with defaults applied: every backend receives this,
 * never a raw request.
 *
 * @param topic the topic to consume
 * @param group the consumer group, empty for a group of this consumer alone that ends with it
 * @param start where a new group starts; ignored for an existing group
 * @param autoAck whether an event counts as acknowledged once handed to the consumer
 * @param retryLimit redeliveries after the first delivery before the group drops an event; empty:
 *     no limit
 * @param ackWait how long a delivered event may stay unacknowledged before it is delivered again
 */
public record ConsumeSettings(
    String topic,
    Optional<String> group,
    Start start,
    boolean autoAck,
    OptionalInt retryLimit,
    Duration ackWait) {

  public ConsumeSettings {
    EventsLimits.checkTopic(topic);
    group.ifPresent(EventsLimits::checkGroup);
    if (group.isEmpty() && !autoAck) {
      throw new InvalidEventsRequestException(
          "group", "is required when auto_ack is false (an unnamed group cannot be acked)");
    }
    if (start == null) {
      throw new InvalidEventsRequestException("start", "is required");
    }
    if (retryLimit.isPresent() && retryLimit.getAsInt() < 0) {
      throw new InvalidEventsRequestException("retry_limit", "must not be negative");
    }
    EventsLimits.checkAckWait(ackWait);
  }

  /** Where a new group starts reading its topic. */
  public sealed interface Start {}

  /** Only events published after the group is created. */
  public record NewEventsOnly() implements Start {}

  /** From the event with this sequence number (1 = the topic's first event). */
  public record AtSequence(long sequence) implements Start {
    public AtSequence {
      if (sequence < 1) {
        throw new InvalidEventsRequestException(
            "offset", "is " + sequence + ", must be 1 (the first event) or more");
      }
    }
  }

  /** From the first event stored at or after this time. */
  public record AtTime(Instant time) implements Start {}

  /** Validates a Consume request and applies the defaults. */
  public static ConsumeSettings from(ConsumeRequest request) {
    Start start =
        switch (request.getStartCase()) {
          case OFFSET -> new AtSequence(request.getOffset());
          case START_TIME -> {
            com.google.protobuf.Timestamp time = request.getStartTime();
            if (time.getSeconds() < 0
                || time.getSeconds() > 253402300799L
                || time.getNanos() < 0
                || time.getNanos() > 999_999_999) {
              throw new InvalidEventsRequestException(
                  "start_time", "is not a timestamp between 1970 and 9999");
            }
            yield new AtTime(Instant.ofEpochSecond(time.getSeconds(), time.getNanos()));
          }
          case START_NOT_SET -> new NewEventsOnly();
        };
    if (request.getOffset() < 0) {
      throw new InvalidEventsRequestException("offset", "is larger than 2^63-1");
    }
    Duration ackWait = EventsLimits.DEFAULT_ACK_WAIT;
    if (request.hasAckWait()) {
      com.google.protobuf.Duration wait = request.getAckWait();
      if (wait.getSeconds() < 0 || wait.getNanos() < 0 || wait.getNanos() > 999_999_999) {
        throw new InvalidEventsRequestException("ack_wait", "is not a positive duration");
      }
      ackWait = Duration.ofSeconds(wait.getSeconds(), wait.getNanos());
    }
    if (request.hasRetryLimit() && request.getRetryLimit() < 0) {
      throw new InvalidEventsRequestException("retry_limit", "is larger than 2^31-1");
    }
    return new ConsumeSettings(
        request.getTopic(),
        request.getGroup().isEmpty() ? Optional.empty() : Optional.of(request.getGroup()),
        start,
        request.getAutoAck(),
        request.hasRetryLimit() ? OptionalInt.of(request.getRetryLimit()) : OptionalInt.empty(),
        ackWait);
  }
}
