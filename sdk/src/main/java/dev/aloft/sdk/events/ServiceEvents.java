package dev.aloft.sdk.events;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.AckRequest;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.sdk.AloftException;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The event streams of the service's namespace (docs/events.md): publish to a topic, consume a
 * topic as a member of a group with explicit acks.
 */
public final class ServiceEvents implements AutoCloseable {

  private static final Logger LOG = System.getLogger(ServiceEvents.class.getName());

  private final StreamGrpc.StreamBlockingStub stream;
  private final CopyOnWriteArrayList<Consumer> consumers = new CopyOnWriteArrayList<>();

  public ServiceEvents(StreamGrpc.StreamBlockingStub stream) {
    this.stream = stream;
  }

  /** Publishes a UTF-8 text payload to TOPIC; returns the event's sequence number. */
  public long publish(String topic, String payload) {
    return publish(topic, payload.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** Publishes PAYLOAD with METADATA to TOPIC; returns the event's sequence number. */
  public long publish(String topic, byte[] payload, Map<String, String> metadata) {
    try {
      return stream
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .publish(
              PublishRequest.newBuilder()
                  .setTopic(topic)
                  .setPayload(ByteString.copyFrom(payload))
                  .putAllMetadata(metadata)
                  .build())
          .getEvent()
          .getSequence();
    } catch (StatusRuntimeException e) {
      throw AloftException.of("publishing to topic '" + topic + "'", e);
    }
  }

  /**
   * Consumes TOPIC as a member of GROUP, handing each event to HANDLER on a thread of this
   * consumer, one at a time. A new group starts with the next event published (docs/events.md).
   * Returns once the platform accepted the consumer (a bad topic or group fails here); consumes
   * again after the stream breaks (a server restart) until the returned handle or this object is
   * closed.
   */
  public AutoCloseable consume(String topic, String group, EventHandler handler) {
    return consume(topic, group, 0, handler);
  }

  /**
   * As {@link #consume(String, String, EventHandler)}, but a new group starts at sequence number
   * OFFSET (1: the topic's first event; 0: the next event published). A group that exists keeps its
   * position.
   */
  public AutoCloseable consume(String topic, String group, long offset, EventHandler handler) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset: " + offset + " is negative");
    }
    ConsumeRequest.Builder request = ConsumeRequest.newBuilder().setTopic(topic).setGroup(group);
    if (offset > 0) {
      request.setOffset(offset);
    }
    Consumer consumer = new Consumer(request.build(), handler);
    consumers.add(consumer);
    consumer.start();
    return () -> {
      consumers.remove(consumer);
      consumer.close();
    };
  }

  @Override
  public void close() {
    for (Consumer consumer : consumers) {
      consumer.close();
    }
    consumers.clear();
  }

  private void settle(String group, ReceivedEvent event, boolean nack) {
    try {
      stream
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .ack(
              AckRequest.newBuilder()
                  .setTopic(event.topic())
                  .setGroup(group)
                  .setId(event.id())
                  .setNack(nack)
                  .build());
    } catch (StatusRuntimeException e) {
      throw AloftException.of(
          (nack ? "nack" : "ack") + " of event " + event.sequence() + " of " + event.topic(), e);
    }
  }

  /** One consumer: a thread following the Consume stream, consuming again when it ends. */
  private final class Consumer {
    private final ConsumeRequest request;
    private final String topic;
    private final String group;
    private final EventHandler handler;
    private final Context.CancellableContext context = Context.current().withCancellation();
    private final Thread thread;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private volatile RuntimeException refused;
    private volatile boolean closed;

    Consumer(ConsumeRequest request, EventHandler handler) {
      this.request = request;
      this.topic = request.getTopic();
      this.group = request.getGroup();
      this.handler = handler;
      this.thread = new Thread(this::follow, "aloft-events-" + topic + "-" + group);
      this.thread.setDaemon(true);
    }

    private Iterator<Event> events;

    void start() {
      // The stream starts on the caller's thread, so a new group exists soon after this returns.
      open();
      thread.start();
      try {
        // the server answers a bad request at once; a good one just stays open
        firstAttempt.await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (refused != null) {
        close();
        throw refused;
      }
    }

    /** Starts the Consume call on the current thread, cancelled with this consumer. */
    private void open() {
      Context previous = context.attach();
      try {
        events = stream.consume(request);
      } finally {
        context.detach(previous);
      }
    }

    private void follow() {
      long backoff = 500;
      while (!closed) {
        try {
          if (events == null) {
            open();
          }
          while (events.hasNext()) {
            firstAttempt.countDown();
            backoff = 500;
            handle(events.next());
          }
        } catch (StatusRuntimeException e) {
          if (closed) {
            return;
          }
          if (firstAttempt.getCount() > 0) {
            switch (e.getStatus().getCode()) {
              case INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED, NOT_FOUND -> {
                refused = AloftException.of("consuming topic '" + topic + "'", e);
                firstAttempt.countDown();
                return;
              }
              default -> {}
            }
          }
          LOG.log(Level.DEBUG, "consumer of {0} ended: {1}", topic, e.getMessage());
        } catch (RuntimeException e) {
          if (closed) {
            return;
          }
          LOG.log(Level.WARNING, "consumer of " + topic + " failed", e);
        } catch (Exception e) {
          LOG.log(Level.WARNING, "consumer of " + topic + " failed", e);
        }
        events = null;
        firstAttempt.countDown();
        if (closed) {
          return;
        }
        try {
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 10_000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void handle(Event event) {
      ReceivedEvent received =
          new ReceivedEvent(
              event.getId(),
              event.getTopic(),
              event.getPayload().toByteArray(),
              event.getMetadataMap(),
              Instant.ofEpochSecond(
                  event.getTimestamp().getSeconds(), event.getTimestamp().getNanos()),
              event.getSequence(),
              event.getDeliveries(),
              (e, nack) -> settle(group, e, nack));
      try {
        handler.handle(received);
      } catch (Exception e) {
        LOG.log(
            Level.WARNING,
            "handler of "
                + topic
                + " failed on event "
                + event.getSequence()
                + "; asking for it again",
            e);
        settleQuietly(received, true);
        return;
      }
      settleQuietly(received, false);
    }

    /** Acks or nacks; a failure is logged: the event then comes again after its ack wait. */
    private void settleQuietly(ReceivedEvent event, boolean nack) {
      try {
        if (nack) {
          event.nack();
        } else {
          event.ack();
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "{0} of event {1} of {2} failed (it comes again after its ack wait): {3}",
            nack ? "nack" : "ack",
            "" + event.sequence(),
            topic,
            e.getMessage());
      }
    }

    void close() {
      closed = true;
      context.cancel(null);
      thread.interrupt();
    }
  }
}
