package dev.aloft.server.events;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.aloft.api.events.v1.Event;
import dev.aloft.server.tenancy.NamespaceName;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.RequestFailureException;
import io.nats.client.RequestFailureReason;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Events on NATS JetStream. Every topic of a namespace is a stream of its own whose one subject is
 * {@code <prefix>.<namespace>.<topic>}, so a topic's stream sequence is its event sequence (1, 2,
 * ...); stream names are {@code <prefix>_<namespace>_<topic, '.' as '_'>_<hash>}. Each named group
 * is a durable pull consumer of that stream (named as the group) with explicit ack, {@code
 * ack_wait}, {@code max_deliver} = retry limit + 1 and {@code max_ack_pending} 1000; an unnamed
 * group is an ephemeral consumer removed when its consumer stops. Metadata travels as headers
 * {@code Aloft-Meta-<key>}, the publish time as {@code Aloft-Time}.
 *
 * <p>An event's id is the topic stream's creation time and the event's sequence, written as a UUID:
 * an {@code Ack} finds the event from its id alone, and ids of a topic that was deleted and made
 * again never match. An {@code Ack} applies JetStream's own ack (or nak) to the delivery this
 * server made; for a delivery it does not hold (made before a restart of this server) the event
 * comes again after its {@code ack_wait}, and the next ack settles it.
 */
public final class JetStreamEventsBackend implements EventsBackend {

  private static final Logger LOG = Logger.getLogger(JetStreamEventsBackend.class);

  static final String TIME_HEADER = "Aloft-Time";
  static final String META_HEADER = "Aloft-Meta-";
  private static final Duration PULL_WAIT = Duration.ofSeconds(1);

  /** A consumer's pull: one message, ending at the server before {@link #PULL_WAIT} is over. */
  private static final PullRequestOptions PULL_ONE =
      PullRequestOptions.builder(1).expiresIn(PULL_WAIT.minusMillis(100)).build();

  /** How long a stopped consumer looks for a message that came after it stopped. */
  private static final Duration LEFT_WAIT = Duration.ofMillis(10);

  private static final int NOT_FOUND = 404;

  /** Room for the headers JetStream publishing adds (message id, expected stream). */
  static final int PUBLISH_HEADER_ROOM = 256;

  private final JetStreamSettings settings;
  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final Map<String, TopicStream> streams = new ConcurrentHashMap<>();
  private final Map<DeliveryKey, Delivery> deliveries = new ConcurrentHashMap<>();
  private final Set<RunningConsumer> consumers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private JetStreamEventsBackend(JetStreamSettings settings, Connection connection)
      throws IOException {
    this.settings = settings;
    this.connection = connection;
    this.jetStream = connection.jetStream();
    this.management = connection.jetStreamManagement();
  }

  /**
   * Connects and checks that the server runs JetStream.
   *
   * @throws IllegalStateException naming the server when it cannot be reached or has no JetStream
   */
  public static JetStreamEventsBackend open(JetStreamSettings settings) {
    AtomicBoolean connected = new AtomicBoolean();
    AtomicBoolean lost = new AtomicBoolean();
    Options.Builder options =
        new Options.Builder()
            .server(settings.url())
            .connectionName("aloft-server")
            .connectionTimeout(settings.timeout())
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            // while known to be disconnected, publishing fails at once instead of queueing: a
            // caller refused then must not see its event appear later (see unacknowledged)
            .reconnectBufferSize(0)
            // a request without an answer says why (timed out, connection closing, no responders):
            // only a timed-out publish may still be stored
            .advancedRequestBehavior()
            // one line per change of state instead of one per failed reconnect attempt
            .errorListener(
                new ErrorListener() {
                  @Override
                  public void exceptionOccurred(Connection connection, Exception e) {
                    LOG.debugf("NATS at %s: %s", settings.url(), e.toString());
                  }

                  @Override
                  public void errorOccurred(Connection connection, String error) {
                    LOG.warnf("NATS at %s reports: %s", settings.url(), error);
                  }
                })
            .connectionListener(
                (connection, event) -> {
                  if (event == ConnectionListener.Events.CONNECTED) {
                    connected.set(true);
                  } else if (event == ConnectionListener.Events.DISCONNECTED
                      && connected.get()
                      && !lost.getAndSet(true)) {
                    LOG.warnf(
                        "events: lost NATS at %s; calls fail with UNAVAILABLE until it is back",
                        settings.url());
                  } else if (event == ConnectionListener.Events.RECONNECTED
                      && lost.getAndSet(false)) {
                    LOG.infof("events: NATS at %s is back", settings.url());
                  }
                });
    if (settings.user().isPresent()) {
      options.userInfo(settings.user().get(), settings.password().orElse(""));
    }
    settings.token().ifPresent(options::token);
    Connection connection;
    try {
      connection = Nats.connect(options.build());
    } catch (IOException e) {
      throw new IllegalStateException(
          "events: NATS at " + settings.url() + " is unreachable (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("events: interrupted while connecting to NATS", e);
    }
    try {
      JetStreamEventsBackend backend = new JetStreamEventsBackend(settings, connection);
      backend.management.getAccountStatistics();
      return backend;
    } catch (IOException | JetStreamApiException e) {
      closeQuietly(connection);
      throw new IllegalStateException(
          "events: NATS at "
              + settings.url()
              + " does not answer JetStream requests (is it started with -js?): "
              + e.getMessage(),
          e);
    }
  }

  // ---- publish

  @Override
  public Event publish(
      String namespace, String topic, ByteString payload, Map<String, String> metadata) {
    requireOpen();
    checkNamespace(namespace);
    EventsLimits.checkTopic(topic);
    EventsLimits.checkPayload(payload);
    EventsLimits.checkMetadata(metadata);
    long now = System.currentTimeMillis();
    Headers headers = new Headers();
    headers.add(TIME_HEADER, Long.toString(now));
    metadata.forEach((key, value) -> headers.add(META_HEADER + encode(key), encode(value)));
    checkFits(payload, headers);
    for (int attempt = 1; ; attempt++) {
      TopicStream stream = stream(namespace, topic, true);
      PublishOptions options =
          PublishOptions.builder()
              .expectedStream(stream.name())
              .messageId(UUID.randomUUID().toString())
              .build();
      try {
        PublishAck ack =
            jetStream.publish(stream.subject(), headers, payload.toByteArray(), options);
        return Event.newBuilder()
            .setId(stream.eventId(ack.getSeqno()))
            .setTopic(topic)
            .setPayload(payload)
            .putAllMetadata(metadata)
            .setTimestamp(timestamp(now))
            .setSequence(ack.getSeqno())
            .build();
      } catch (JetStreamApiException e) {
        if (attempt == 1) {
          // the stream may have been removed behind our back: look it up again, once
          streams.remove(stream.name());
          continue;
        }
        throw failure("publish to " + topic, e);
      } catch (RequestFailureException e) {
        if (e.getReason() == RequestFailureReason.TIMEOUT) {
          throw unacknowledged(topic, e);
        }
        throw failure("publish to " + topic, e);
      } catch (IOException | RuntimeException e) {
        throw failure("publish to " + topic, e);
      }
    }
  }

  /**
   * A publish that went out (or waits in the client's queue for the connection to come back) and
   * got no answer: JetStream may have stored the event, or may still store it. The caller is told
   * so; publishing again may then store it twice (delivery is at least once anyway).
   */
  private StatusRuntimeException unacknowledged(String topic, Exception e) {
    return natsUnavailable(
        "did not acknowledge the publish to "
            + topic
            + " within "
            + settings.timeout().toMillis()
            + " ms; the event may still be stored, and publishing it again may store it twice",
        e);
  }

  /**
   * NATS limits a whole message (headers, payload) to the server's {@code max_payload}, 1 MB by
   * default: an event that fits the API's limits may still not fit that server.
   */
  private void checkFits(ByteString payload, Headers headers) {
    long limit = connection.getMaxPayload();
    long size = payload.size() + headers.serializedLength() + PUBLISH_HEADER_ROOM;
    if (limit > 0 && size > limit) {
      throw new InvalidEventsRequestException(
          "payload",
          "with its metadata the event takes "
              + size
              + " bytes, and the NATS server at "
              + settings.url()
              + " accepts at most "
              + limit
              + " (its max_payload); send less");
    }
  }

  // ---- consume

  @Override
  public Consumer consume(String namespace, ConsumeSettings settings, EventSink sink) {
    requireOpen();
    checkNamespace(namespace);
    TopicStream stream = stream(namespace, settings.topic(), true);
    String consumerName;
    try {
      consumerName =
          settings.group().isPresent()
              ? joinGroup(stream, settings.group().get(), settings)
              : createEphemeral(stream, settings);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw failure("consume " + settings.topic(), e);
    }
    JetStreamSubscription pulls;
    try {
      pulls = jetStream.subscribe(null, PullSubscribeOptions.fastBind(stream.name(), consumerName));
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw failure("consume " + settings.topic(), e);
    }
    RunningConsumer consumer =
        new RunningConsumer(namespace, stream, consumerName, pulls, settings, sink);
    consumers.add(consumer);
    consumer.thread.start();
    return consumer;
  }

  /** The group's durable consumer, created at the start position or updated with the settings. */
  private String joinGroup(TopicStream stream, String group, ConsumeSettings settings)
      throws IOException, JetStreamApiException {
    ConsumerInfo existing = consumerInfo(stream, group);
    if (existing == null) {
      try {
        management.addOrUpdateConsumer(stream.name(), positioned(settings).durable(group).build());
        return group;
      } catch (JetStreamApiException e) {
        // created meanwhile by another consumer of the group: join that one
        existing = consumerInfo(stream, group);
        if (existing == null) {
          throw e;
        }
      }
    }
    ConsumerConfiguration current = existing.getConsumerConfiguration();
    ConsumerConfiguration wanted =
        ConsumerConfiguration.builder(current)
            .ackWait(settings.ackWait())
            .maxDeliver(maxDeliver(settings))
            .build();
    if (!current.getAckWait().equals(settings.ackWait())
        || current.getMaxDeliver() != maxDeliver(settings)) {
      management.addOrUpdateConsumer(stream.name(), wanted);
    }
    return group;
  }

  private String createEphemeral(TopicStream stream, ConsumeSettings settings)
      throws IOException, JetStreamApiException {
    String name = "unnamed-" + UUID.randomUUID();
    management.addOrUpdateConsumer(
        stream.name(),
        positioned(settings).name(name).inactiveThreshold(Duration.ofMinutes(1)).build());
    return name;
  }

  private static ConsumerConfiguration.Builder positioned(ConsumeSettings settings) {
    ConsumerConfiguration.Builder builder =
        ConsumerConfiguration.builder()
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(settings.ackWait())
            .maxDeliver(maxDeliver(settings))
            .maxAckPending(EventsLimits.MAX_UNACKED_PER_GROUP);
    if (settings.start() instanceof ConsumeSettings.AtSequence at) {
      builder.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(at.sequence());
    } else if (settings.start() instanceof ConsumeSettings.AtTime at) {
      builder.deliverPolicy(DeliverPolicy.ByStartTime).startTime(at.time().atZone(ZoneOffset.UTC));
    } else {
      builder.deliverPolicy(DeliverPolicy.New);
    }
    return builder;
  }

  private static long maxDeliver(ConsumeSettings settings) {
    return settings.retryLimit().isPresent() ? settings.retryLimit().getAsInt() + 1L : -1;
  }

  // ---- ack

  @Override
  public void ack(String namespace, String topic, String group, String eventId, boolean nack) {
    requireOpen();
    checkNamespace(namespace);
    EventsLimits.checkTopic(topic);
    EventsLimits.checkGroup(group);
    EventsLimits.checkEventId(eventId);
    DeliveryKey key = new DeliveryKey(namespace, topic, group, eventId);
    Delivery delivery = deliveries.remove(key);
    if (delivery != null) {
      try {
        settle(delivery.message(), nack);
        return;
      } catch (StatusRuntimeException e) {
        if (!delivery.expired(System.nanoTime())) {
          // not settled (NATS away or slow): keep the delivery so that the caller's retry acks it
          deliveries.putIfAbsent(key, delivery);
          throw e;
        }
        // Past its ack_wait the delivery is void: JetStream delivers the event again and may
        // never answer an ack of the old delivery (seen after a restart). Answer as for an event
        // this server does not hold (below): checked against NATS, nothing to settle.
        LOG.debugf("ack of %s in %s: delivery past its ack_wait is void (%s)", eventId, topic, e);
      }
    }
    TopicStream stream = stream(namespace, topic, false);
    try {
      if (stream == null || consumerInfo(stream, group) == null) {
        throw new EventsNotFoundException(
            "group", "no group '" + group + "' consumes topic " + topic + " in this namespace");
      }
      long sequence = stream.sequenceOf(eventId);
      if (sequence < 1
          || sequence
              > management.getStreamInfo(stream.name()).getStreamState().getLastSequence()) {
        throw new EventsNotFoundException("id", "no event " + eventId + " in topic " + topic);
      }
    } catch (IOException | JetStreamApiException e) {
      throw failure("ack in " + topic, e);
    }
    // Known event, not held by a consumer of this server: finished already, or its delivery is
    // void and it comes again after its ack_wait.
  }

  private void settle(Message message, boolean nack) {
    if (nack) {
      message.nak();
      return;
    }
    try {
      message.ackSync(settings.timeout());
    } catch (TimeoutException e) {
      throw unavailable("ack", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("ack", e);
    } catch (RuntimeException e) {
      throw failure("ack", e);
    }
  }

  // ---- streams

  /** The stream of a topic; created when missing if {@code create}, else null when missing. */
  private TopicStream stream(String namespace, String topic, boolean create) {
    String name = streamName(namespace, topic);
    TopicStream known = streams.get(name);
    if (known != null) {
      return known;
    }
    String subject = settings.prefix() + "." + namespace + "." + topic;
    try {
      StreamInfo info;
      try {
        info = management.getStreamInfo(name);
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() != NOT_FOUND) {
          throw e;
        }
        if (!create) {
          return null;
        }
        info = createStream(name, subject, namespace, topic);
      }
      TopicStream stream = new TopicStream(name, subject, epoch(info));
      streams.put(name, stream);
      return stream;
    } catch (IOException | JetStreamApiException e) {
      throw failure("open topic " + topic, e);
    }
  }

  private StreamInfo createStream(String name, String subject, String namespace, String topic)
      throws IOException, JetStreamApiException {
    StreamConfiguration configuration =
        StreamConfiguration.builder()
            .name(name)
            .subjects(subject)
            .description("aloft events: namespace " + namespace + ", topic " + topic)
            .storageType(StorageType.File)
            .replicas(settings.replicas())
            .build();
    try {
      return management.addStream(configuration);
    } catch (JetStreamApiException e) {
      // made meanwhile by another call: use that one
      return management.getStreamInfo(name);
    }
  }

  private static long epoch(StreamInfo info) {
    Instant created = info.getCreateTime().toInstant();
    return TimeUnit.SECONDS.toNanos(created.getEpochSecond()) + created.getNano();
  }

  /** {@code <prefix>_<namespace>_<topic, '.' as '_', cut>_<hash of namespace and topic>}. */
  String streamName(String namespace, String topic) {
    String readable = topic.replace('.', '_');
    if (readable.length() > 40) {
      readable = readable.substring(0, 40);
    }
    return settings.prefix() + "_" + namespace + "_" + readable + "_" + hash(namespace, topic);
  }

  private static String hash(String namespace, String topic) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((namespace + "\n" + topic).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private ConsumerInfo consumerInfo(TopicStream stream, String consumer)
      throws IOException, JetStreamApiException {
    try {
      return management.getConsumerInfo(stream.name(), consumer);
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() == NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /** A topic's stream: its name, its one subject, and its creation time (the high half of ids). */
  private record TopicStream(String name, String subject, long epoch) {

    String eventId(long sequence) {
      return new UUID(epoch, sequence).toString();
    }

    /** The sequence an id names, or -1 when it is no id of this stream. */
    long sequenceOf(String eventId) {
      try {
        UUID id = UUID.fromString(eventId);
        return id.getMostSignificantBits() == epoch ? id.getLeastSignificantBits() : -1;
      } catch (IllegalArgumentException e) {
        return -1;
      }
    }
  }

  // ---- messages as events

  private static Event event(TopicStream stream, String topic, Message message) {
    long sequence = message.metaData().streamSequence();
    Event.Builder event =
        Event.newBuilder()
            .setId(stream.eventId(sequence))
            .setTopic(topic)
            .setSequence(sequence)
            .setPayload(
                ByteString.copyFrom(message.getData() == null ? new byte[0] : message.getData()))
            .setDeliveries((int) message.metaData().deliveredCount());
    Headers headers = message.getHeaders();
    String time = headers == null ? null : headers.getFirst(TIME_HEADER);
    event.setTimestamp(
        time != null
            ? timestamp(Long.parseLong(time))
            : timestamp(message.metaData().timestamp().toInstant().toEpochMilli()));
    if (headers != null) {
      Map<String, String> metadata = new LinkedHashMap<>();
      for (String name : headers.keySet()) {
        if (name.startsWith(META_HEADER)) {
          metadata.put(
              decode(name.substring(META_HEADER.length())), decode(headers.getFirst(name)));
        }
      }
      event.putAllMetadata(metadata);
    }
    return event.build();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text == null ? "" : text, StandardCharsets.UTF_8);
  }

  private static Timestamp timestamp(long epochMillis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochMillis, 1000))
        .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
        .build();
  }

  // ---- lifecycle and failures

  @Override
  public void close() {
    closed = true;
    for (RunningConsumer consumer : consumers) {
      consumer.close();
    }
    for (RunningConsumer consumer : consumers) {
      consumer.awaitStop();
    }
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the events backend is closed");
    }
  }

  private static void checkNamespace(String namespace) {
    if (!NamespaceName.isValid(namespace)) {
      throw new InvalidEventsRequestException(
          "namespace", "'" + namespace + "' is not valid: " + NamespaceName.RULE);
    }
  }

  /**
   * UNAVAILABLE when NATS is not connected (or a request to it timed out), naming it; any other
   * failure as an internal one.
   */
  private RuntimeException failure(String operation, Exception e) {
    if (e instanceof StatusRuntimeException
        || e instanceof InvalidEventsRequestException
        || e instanceof EventsNotFoundException) {
      return (RuntimeException) e;
    }
    if (connection.getStatus() != Connection.Status.CONNECTED
        || e instanceof IOException
        || e instanceof IllegalStateException) {
      return unavailable(operation, e);
    }
    return new IllegalStateException(
        "events " + operation + " failed in NATS JetStream: " + e.getMessage(), e);
  }

  private StatusRuntimeException unavailable(String operation, Exception e) {
    return natsUnavailable(
        "is unavailable (" + operation + ": " + e.getMessage() + "); try again later", e);
  }

  /** UNAVAILABLE naming the NATS server, then what happened ({@code what}). */
  private StatusRuntimeException natsUnavailable(String what, Exception e) {
    return Status.UNAVAILABLE
        .withDescription("events backend NATS JetStream at " + settings.url() + " " + what)
        .withCause(e)
        .asRuntimeException();
  }

  // ---- consumers

  private record DeliveryKey(String namespace, String topic, String group, String eventId) {}

  private record Delivery(Message message, long deliveredAtNanos, Duration ackWait) {
    /** Whether the ack_wait of this delivery has passed, so JetStream delivers the event again. */
    boolean expired(long nowNanos) {
      return nowNanos - deliveredAtNanos > ackWait.toNanos();
    }
  }

  /**
   * One consumer: a thread that asks the group for one message at a time and hands it to its sink,
   * through one subscription kept for the consumer's life: jnats' {@code ConsumerContext.next}
   * makes and ends a subscription per message, which added ~100 us to every delivery
   * (bench/RESULTS.md, 2026-12-07 16:18).
   */
  private final class RunningConsumer implements Consumer {
    final String namespace;
    final TopicStream stream;
    final String consumerName;
    final JetStreamSubscription pulls;
    final ConsumeSettings settings;
    final EventSink sink;
    final Thread thread;
    volatile boolean stopped;
    private long lastPurge = System.nanoTime();

    RunningConsumer(
        String namespace,
        TopicStream stream,
        String consumerName,
        JetStreamSubscription pulls,
        ConsumeSettings settings,
        EventSink sink) {
      this.namespace = namespace;
      this.stream = stream;
      this.consumerName = consumerName;
      this.pulls = pulls;
      this.settings = settings;
      this.sink = sink;
      this.thread = new Thread(this::run, "aloft-events-js-" + settings.topic());
      this.thread.setDaemon(true);
    }

    private void run() {
      try {
        while (!stopped) {
          if (connection.getStatus() != Connection.Status.CONNECTED) {
            // NATS is away: wait for the client to reconnect, then pull again
            Thread.sleep(PULL_WAIT.toMillis() / 4);
            continue;
          }
          Message message;
          try {
            // the pull ends before the wait for it does: no message is sent to a pull nobody reads
            pulls.pull(PULL_ONE);
            message = pulls.nextMessage(PULL_WAIT);
          } catch (IllegalStateException e) {
            if (connection.getStatus() != Connection.Status.CONNECTED) {
              continue;
            }
            throw e;
          }
          if (message == null) {
            purgeStaleDeliveries();
            continue;
          }
          if (stopped) {
            message.nak();
            break;
          }
          hand(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        if (!stopped) {
          RuntimeException cause = failure("consume " + settings.topic(), e);
          LOG.warnf("consumer of %s in %s stopped: %s", settings.topic(), namespace, e.toString());
          sink.failed(cause);
        }
      } finally {
        stopped = true;
        release();
        consumers.remove(this);
        if (settings.group().isEmpty()) {
          deleteEphemeral();
        }
      }
    }

    /**
     * Gives a message that reached this consumer after it stopped (a pull answered late) back to
     * the group at once, and ends the subscription.
     */
    private void release() {
      try {
        for (Message left = pulls.nextMessage(LEFT_WAIT);
            left != null;
            left = pulls.nextMessage(LEFT_WAIT)) {
          left.nak();
        }
        pulls.unsubscribe();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.debugf("consumer of %s: ending its subscription failed: %s", settings.topic(), e);
      }
    }

    private void hand(Message message) {
      Event event = event(stream, settings.topic(), message);
      DeliveryKey key =
          settings.group().isPresent()
              ? new DeliveryKey(namespace, settings.topic(), settings.group().get(), event.getId())
              : null;
      if (key != null && !settings.autoAck()) {
        deliveries.put(key, new Delivery(message, System.nanoTime(), settings.ackWait()));
      }
      try {
        sink.deliver(event);
      } catch (Exception e) {
        if (key != null) {
          deliveries.remove(key);
        }
        message.nak();
        stopped = true;
        LOG.debugf("consumer of %s stopped: %s", settings.topic(), e);
        return;
      }
      if (settings.autoAck()) {
        message.ack();
      }
    }

    /** Forgets deliveries whose ack wait is long over: JetStream has handed them out again. */
    private void purgeStaleDeliveries() {
      long now = System.nanoTime();
      if (now - lastPurge < TimeUnit.SECONDS.toNanos(10)) {
        return;
      }
      lastPurge = now;
      deliveries
          .values()
          .removeIf(
              delivery ->
                  now - delivery.deliveredAtNanos()
                      > delivery.ackWait().multipliedBy(2).toNanos() + TimeUnit.MINUTES.toNanos(1));
    }

    private void deleteEphemeral() {
      try {
        management.deleteConsumer(stream.name(), consumerName);
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        LOG.debugf("could not remove consumer %s (it expires by itself): %s", consumerName, e);
      }
    }

    @Override
    public void close() {
      stopped = true;
    }

    void awaitStop() {
      try {
        thread.join(PULL_WAIT.multipliedBy(3).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
