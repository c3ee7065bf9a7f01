package dev.aloft.server.events;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.Event;
import java.util.Map;

/**
 * Where events live: one implementation per backend (embedded on-disk log, NATS JetStream), all
 * held to the same behaviour by {@code EventsContractTest}. Every method takes the namespace the
 * call acts in; a backend keeps namespaces fully apart (no topic, event or group of one namespace
 * is visible in another) and validates its input with {@link EventsLimits}.
 */
public interface EventsBackend extends AutoCloseable {

  /**
   * Appends an event to a topic (created on first use); durable when this returns.
   *
   * @return the stored event with id, topic, sequence and timestamp set ({@code deliveries} 0)
   * @throws InvalidEventsRequestException for a bad topic, payload or metadata
   */
  Event publish(String namespace, String topic, ByteString payload, Map<String, String> metadata);

  /**
   * Starts a consumer: joins (or creates) the group and hands the group's events to {@code sink},
   * from a thread of the backend, one at a time, until the returned consumer is closed or the sink
   * fails. Returns once the group exists and its start position is fixed, so events published after
   * this returns reach the group.
   *
   * @throws InvalidEventsRequestException never for valid settings; kept for backend-specific
   *     limits
   */
  Consumer consume(String namespace, ConsumeSettings settings, EventSink sink);

  /**
   * Acknowledges one event delivered to a group ({@code nack}: not processed, deliver it again
   * now). A no-op when the group has already finished with the event (acked before, auto-acked,
   * dropped after its retry limit).
   *
   * @throws InvalidEventsRequestException for a bad topic, group or id
   * @throws EventsNotFoundException when the group or the event does not exist in the topic
   */
  void ack(String namespace, String topic, String group, String eventId, boolean nack);

  /** Stops all consumers and releases what the backend holds; stored events stay. */
  @Override
  void close();

  /** Receives a consumer's events. */
  interface EventSink {

    /**
     * Takes one event. May block while the receiver is not ready for more (flow control); throwing
     * means the event was not taken: it stays unacknowledged for the group and is delivered again,
     * and the consumer stops.
     */
    void deliver(Event event) throws Exception;

    /** The consumer stopped because the backend failed; no more events follow. */
    void failed(RuntimeException cause);
  }

  /** A running consumer. */
  interface Consumer extends AutoCloseable {

    /** Stops delivering to this consumer; idempotent. Its unacked events remain the group's. */
    @Override
    void close();
  }
}
