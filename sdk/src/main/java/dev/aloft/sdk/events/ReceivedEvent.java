package dev.aloft.sdk.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * An event handed to a consumer. The consumer acknowledges it with {@link #ack()}, or asks for it
 * again with {@link #nack()}; a handler that returns without doing either acks it, one that throws
 * nacks it (docs/sdk.md).
 */
public final class ReceivedEvent {

  private final String id;
  private final String topic;
  private final byte[] payload;
  private final Map<String, String> metadata;
  private final Instant timestamp;
  private final long sequence;
  private final int deliveries;
  private final Acknowledger acknowledger;
  private boolean settled;

  /** Sends the ack (NACK false) or nack (true) of an event to the platform. */
  interface Acknowledger {
    void settle(ReceivedEvent event, boolean nack);
  }

  ReceivedEvent(
      String id,
      String topic,
      byte[] payload,
      Map<String, String> metadata,
      Instant timestamp,
      long sequence,
      int deliveries,
      Acknowledger acknowledger) {
    this.id = id;
    this.topic = topic;
    this.payload = payload;
    this.metadata = metadata;
    this.timestamp = timestamp;
    this.sequence = sequence;
    this.deliveries = deliveries;
    this.acknowledger = acknowledger;
  }

  public String id() {
    return id;
  }

  public String topic() {
    return topic;
  }

  public byte[] payload() {
    return payload.clone();
  }

  /** The payload as UTF-8 text. */
  public String text() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public Instant timestamp() {
    return timestamp;
  }

  /** Its position in the topic: 1, 2, ... */
  public long sequence() {
    return sequence;
  }

  /** How often it was delivered, this time included. */
  public int deliveries() {
    return deliveries;
  }

  /** Marks it done for the group. */
  public synchronized void ack() {
    if (!settled) {
      acknowledger.settle(this, false);
      settled = true;
    }
  }

  /** Asks for it to be delivered again now. */
  public synchronized void nack() {
    if (!settled) {
      acknowledger.settle(this, true);
      settled = true;
    }
  }

  synchronized boolean settled() {
    return settled;
  }
}
