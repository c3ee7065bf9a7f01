package dev.aloft.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every events backend must do, run once per backend by a subclass. Each test works in
 * namespaces of its own, so backends shared between tests (a real NATS) need no cleanup.
 */
public abstract class EventsContractTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(500);
  private static final com.google.protobuf.Duration SHORT_ACK_WAIT =
      com.google.protobuf.Duration.newBuilder().setNanos(300_000_000).build();

  protected EventsBackend backend;
  protected String ns;
  protected String otherNs;
  private final List<EventsBackend.Consumer> consumers = new ArrayList<>();

  /** A backend on this test's storage (the same storage for every call within one test). */
  protected abstract EventsBackend openBackend();

  /**
   * The largest payload (without metadata) this backend stores: the API's limit of 1 MiB, or less
   * where the backend's server limits whole messages (NATS's {@code max_payload}).
   */
  protected int largestPayload() {
    return EventsLimits.MAX_PAYLOAD_BYTES;
  }

  /**
   * Stops {@code running} the way a server stops, and opens a backend on the same storage, as a
   * restarted server does.
   */
  protected abstract EventsBackend restart(EventsBackend running);

  @BeforeEach
  void open() {
    backend = openBackend();
    ns = "ns-" + UUID.randomUUID();
    otherNs = "other-" + UUID.randomUUID();
  }

  @AfterEach
  void close() {
    consumers.forEach(EventsBackend.Consumer::close);
    backend.close();
  }

  /** Collects what a consumer receives. */
  protected static final class Collector implements EventsBackend.EventSink {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile RuntimeException failure;

    @Override
    public void deliver(Event event) {
      events.add(event);
    }

    @Override
    public void failed(RuntimeException cause) {
      failure = cause;
    }

    Event next() throws InterruptedException {
      Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(event).as("an event within " + WAIT).isNotNull();
      return event;
    }

    List<Event> next(int count) throws InterruptedException {
      List<Event> received = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        received.add(next());
      }
      return received;
    }

    void assertQuiet() throws InterruptedException {
      assertThat(events.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }
  }

  private static ByteString bytes(String text) {
    return ByteString.copyFromUtf8(text);
  }

  private Event publish(String topic, String payload) {
    return backend.publish(ns, topic, bytes(payload), Map.of());
  }

  private static ConsumeRequest.Builder request(String topic, String group) {
    return ConsumeRequest.newBuilder().setTopic(topic).setGroup(group).setAutoAck(true);
  }

  private Collector consume(String namespace, ConsumeRequest.Builder request) {
    Collector collector = new Collector();
    consumers.add(backend.consume(namespace, ConsumeSettings.from(request.build()), collector));
    return collector;
  }

  private Collector consume(ConsumeRequest.Builder request) {
    return consume(ns, request);
  }

  private static List<String> payloads(List<Event> events) {
    return events.stream().map(e -> e.getPayload().toStringUtf8()).toList();
  }

  // ---- publish

  @Test
  void publishStoresTheEventAndNumbersItInItsTopic() {
    Event first =
        backend.publish(ns, "orders.created", bytes("{\"id\":1}"), Map.of("source", "shop"));
    Event second = publish("orders.created", "{\"id\":2}");
    Event elsewhere = publish("orders.paid", "{}");

    assertThat(first.getId()).isNotBlank().isNotEqualTo(second.getId());
    assertThat(first.getTopic()).isEqualTo("orders.created");
    assertThat(first.getSequence()).isEqualTo(1);
    assertThat(second.getSequence()).isEqualTo(2);
    assertThat(elsewhere.getSequence()).isEqualTo(1);
    assertThat(first.getPayload().toStringUtf8()).isEqualTo("{\"id\":1}");
    assertThat(first.getMetadataMap()).containsExactly(Map.entry("source", "shop"));
    assertThat(first.hasTimestamp()).isTrue();
    assertThat(first.getDeliveries()).isZero();
  }

  @Test
  void consumersReceiveEventsExactlyAsPublishedInOrder() throws Exception {
    Collector collector = consume(request("orders", "audit"));
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Event published = backend.publish(ns, "orders", ByteString.copyFrom(binary), Map.of("k", "v"));
    Event empty = backend.publish(ns, "orders", ByteString.EMPTY, Map.of());
    List<Event> more = IntStream.range(0, 10).mapToObj(i -> publish("orders", "e" + i)).toList();

    Event received = collector.next();
    assertThat(received.toBuilder().setDeliveries(0).build()).isEqualTo(published);
    assertThat(received.getDeliveries()).isEqualTo(1);
    assertThat(collector.next().getPayload()).isEqualTo(ByteString.EMPTY);
    assertThat(collector.next(10))
        .extracting(Event::getId)
        .containsExactlyElementsOf(more.stream().map(Event::getId).toList());
    assertThat(empty.getSequence()).isEqualTo(2);
  }

  // ---- where a new group starts

  @Test
  void aNewGroupStartsWithNewEventsByDefault() throws Exception {
    publish("orders", "before");
    Collector collector = consume(request("orders", "fresh"));

    publish("orders", "after");

    assertThat(collector.next().getPayload().toStringUtf8()).isEqualTo("after");
    collector.assertQuiet();
  }

  @Test
  void aNewGroupCanStartAtAnOffset() throws Exception {
    publish("orders", "one");
    publish("orders", "two");
    publish("orders", "three");

    Collector collector = consume(request("orders", "replay").setOffset(2));

    assertThat(payloads(collector.next(2))).containsExactly("two", "three");
    collector.assertQuiet();
  }

  @Test
  void aNewGroupCanStartAtATime() throws Exception {
    publish("orders", "old");
    Thread.sleep(20);
    Event from = publish("orders", "new");
    publish("orders", "newer");

    Collector collector = consume(request("orders", "since").setStartTime(from.getTimestamp()));

    assertThat(payloads(collector.next(2))).containsExactly("new", "newer");
    collector.assertQuiet();
  }

  @Test
  void anExistingGroupKeepsItsPositionWhateverStartIsAsked() throws Exception {
    Collector first = consume(request("orders", "billing"));
    publish("orders", "one");
    first.next();
    consumers.remove(0).close();
    publish("orders", "two");

    Collector again = consume(request("orders", "billing").setOffset(1));

    assertThat(again.next().getPayload().toStringUtf8()).isEqualTo("two");
    again.assertQuiet();
  }

  // ---- groups

  @Test
  void consumersOfOneGroupShareTheEventsAndEachEventGoesToOne() throws Exception {
    Collector a = consume(request("jobs", "workers"));
    Collector b = consume(request("jobs", "workers"));
    Set<String> published = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      published.add(publish("jobs", "job" + i).getId());
    }

    List<String> received = new ArrayList<>();
    while (received.size() < 40) {
      Event event = a.events.poll(10, TimeUnit.MILLISECONDS);
      if (event == null) {
        event = b.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      assertThat(event).as("event " + received.size() + " of 40").isNotNull();
      received.add(event.getId());
    }

    assertThat(received).doesNotHaveDuplicates();
    assertThat(new HashSet<>(received)).isEqualTo(published);
    a.assertQuiet();
    b.assertQuiet();
  }

  @Test
  void everyGroupSeesEveryEvent() throws Exception {
    Collector billing = consume(request("orders", "billing"));
    Collector shipping = consume(request("orders", "shipping"));

    publish("orders", "one");
    publish("orders", "two");

    assertThat(payloads(billing.next(2))).containsExactly("one", "two");
    assertThat(payloads(shipping.next(2))).containsExactly("one", "two");
  }

  @Test
  void aGroupResumesWhereItStoppedIncludingEventsPublishedWhileNoOneConsumed() throws Exception {
    Collector first = consume(request("orders", "billing"));
    publish("orders", "one");
    assertThat(first.next().getPayload().toStringUtf8()).isEqualTo("one");
    consumers.remove(0).close();

    publish("orders", "two");
    publish("orders", "three");
    Collector second = consume(request("orders", "billing"));

    assertThat(payloads(second.next(2))).containsExactly("two", "three");
    second.assertQuiet();
  }

  @Test
  void anUnnamedGroupBelongsToItsConsumerAlone() throws Exception {
    Collector a = consume(request("news", ""));
    Collector b = consume(request("news", ""));

    publish("news", "flash");

    assertThat(a.next().getPayload().toStringUtf8()).isEqualTo("flash");
    assertThat(b.next().getPayload().toStringUtf8()).isEqualTo("flash");
  }

  // ---- acknowledgement, redelivery, retry limit

  @Test
  void anAckedEventIsNotDeliveredAgain() throws Exception {
    Collector collector =
        consume(request("orders", "manual").setAutoAck(false).setAckWait(SHORT_ACK_WAIT));
    Event published = publish("orders", "one");

    Event received = collector.next();
    backend.ack(ns, "orders", "manual", received.getId(), false);

    assertThat(received.getId()).isEqualTo(published.getId());
    collector.assertQuiet();
    backend.ack(ns, "orders", "manual", received.getId(), false);
  }

  @Test
  void anUnackedEventIsDeliveredAgainAfterTheAckWait() throws Exception {
    Collector collector =
        consume(request("orders", "manual").setAutoAck(false).setAckWait(SHORT_ACK_WAIT));
    publish("orders", "one");

    Event first = collector.next();
    Event again = collector.next();

    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(first.getDeliveries()).isEqualTo(1);
    assertThat(again.getDeliveries()).isEqualTo(2);
    backend.ack(ns, "orders", "manual", again.getId(), false);
  }

  @Test
  void aNackedEventIsDeliveredAgainAtOnce() throws Exception {
    Collector collector = consume(request("orders", "manual").setAutoAck(false));
    publish("orders", "one");

    Event first = collector.next();
    long nackedAt = System.nanoTime();
    backend.ack(ns, "orders", "manual", first.getId(), true);
    Event again = collector.next();

    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(again.getDeliveries()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - nackedAt))
        .as("redelivered well before the 30s default ack wait")
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anEventIsDroppedAfterItsRetryLimitAndTheGroupMovesOn() throws Exception {
    Collector collector = consume(request("orders", "picky").setAutoAck(false).setRetryLimit(1));
    publish("orders", "poison");

    Event first = collector.next();
    backend.ack(ns, "orders", "picky", first.getId(), true);
    Event retry = collector.next();
    assertThat(retry.getDeliveries()).isEqualTo(2);
    backend.ack(ns, "orders", "picky", retry.getId(), true);
    collector.assertQuiet();

    publish("orders", "fine");
    Event next = collector.next();
    assertThat(next.getPayload().toStringUtf8()).isEqualTo("fine");
    backend.ack(ns, "orders", "picky", next.getId(), false);
    backend.ack(ns, "orders", "picky", first.getId(), false);
  }

  @Test
  void aRetryLimitOfZeroDeliversOnce() throws Exception {
    Collector collector =
        consume(
            request("orders", "once")
                .setAutoAck(false)
                .setRetryLimit(0)
                .setAckWait(SHORT_ACK_WAIT));
    publish("orders", "one");

    assertThat(collector.next().getDeliveries()).isEqualTo(1);
    collector.assertQuiet();
  }

  @Test
  void anUnackedEventOfAStoppedConsumerGoesToAnotherConsumerOfTheGroup() throws Exception {
    Collector first =
        consume(request("orders", "workers").setAutoAck(false).setAckWait(SHORT_ACK_WAIT));
    publish("orders", "one");
    Event taken = first.next();
    consumers.remove(0).close();

    Collector second =
        consume(request("orders", "workers").setAutoAck(false).setAckWait(SHORT_ACK_WAIT));

    Event again = second.next();
    assertThat(again.getId()).isEqualTo(taken.getId());
    backend.ack(ns, "orders", "workers", again.getId(), false);
  }

  @Test
  void ackOfAnUnknownEventOrGroupIsNotFound() {
    Event event = publish("orders", "one");
    consume(request("orders", "known"));

    assertThatThrownBy(
            () -> backend.ack(ns, "orders", "known", UUID.randomUUID().toString(), false))
        .isInstanceOfSatisfying(
            EventsNotFoundException.class, e -> assertThat(e.field()).isEqualTo("id"));
    assertThatThrownBy(() -> backend.ack(ns, "orders", "unknown", event.getId(), false))
        .isInstanceOfSatisfying(
            EventsNotFoundException.class, e -> assertThat(e.field()).isEqualTo("group"));
  }

  // ---- durability

  @Test
  void eventsAndGroupPositionsSurviveARestart() throws Exception {
    Collector before =
        consume(request("orders", "billing").setAutoAck(false).setAckWait(SHORT_ACK_WAIT));
    List<Event> published = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      published.add(backend.publish(ns, "orders", bytes("e" + i), Map.of("n", "" + i)));
    }
    Event one = before.next();
    backend.ack(ns, "orders", "billing", one.getId(), false);
    assertThat(one.getPayload().toStringUtf8()).isEqualTo("e1");
    consumers.remove(0).close();

    backend = restart(backend);

    Event four = publish("orders", "e4");
    assertThat(four.getSequence()).as("numbering continues").isEqualTo(4);
    Collector after =
        consume(request("orders", "billing").setAutoAck(false).setAckWait(SHORT_ACK_WAIT));
    // Ack each event as it comes: e4 arrives at once, e2 and e3 only when the ack wait they were
    // given before the restart runs out, and e4's own short ack wait must not run out meanwhile.
    List<Event> redelivered = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Event event = after.next();
      backend.ack(ns, "orders", "billing", event.getId(), false);
      redelivered.add(event);
    }
    assertThat(payloads(redelivered)).containsExactlyInAnyOrder("e2", "e3", "e4");
    after.assertQuiet();

    Collector replay = consume(request("orders", "replay").setOffset(1));
    List<Event> all = replay.next(4);
    assertThat(all.subList(0, 3))
        .extracting(e -> e.toBuilder().setDeliveries(0).build())
        .containsExactlyElementsOf(published);
  }

  // ---- tenant isolation

  @Test
  void topicsEventsAndGroupsOfOneNamespaceAreInvisibleInAnother() throws Exception {
    Event mine = publish("orders", "mine");
    Collector ownGroup = consume(request("orders", "billing").setOffset(1));
    ownGroup.next();

    Collector other = consume(otherNs, request("orders", "billing").setOffset(1));
    other.assertQuiet();
    Event theirs = backend.publish(otherNs, "orders", bytes("theirs"), Map.of());
    assertThat(theirs.getSequence()).isEqualTo(1);
    assertThat(other.next().getPayload().toStringUtf8()).isEqualTo("theirs");
    ownGroup.assertQuiet();

    assertThatThrownBy(() -> backend.ack(otherNs, "orders", "billing", mine.getId(), false))
        .isInstanceOf(EventsNotFoundException.class);
    assertThatThrownBy(() -> backend.ack(otherNs, "orders", "nobody", theirs.getId(), false))
        .isInstanceOf(EventsNotFoundException.class);
  }

  // ---- bad input

  private void assertRejected(Runnable call, String field, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidEventsRequestException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(messagePart);
  }

  @Test
  void badTopicsAreRejectedNamingTheTopic() {
    for (String topic :
        List.of("", "has space", "a..b", ".a", "a.", "orders.*", "orders.>", "x".repeat(201))) {
      assertRejected(() -> backend.publish(ns, topic, bytes("x"), Map.of()), "topic", "topic");
      assertRejected(() -> ConsumeSettings.from(request(topic, "g").build()), "topic", "topic");
      assertRejected(() -> backend.ack(ns, topic, "g", "id", false), "topic", "topic");
    }
    publish("x".repeat(200), "longest topic");
  }

  @Test
  void payloadsOverOneMebibyteAreRejected() throws Exception {
    Collector collector = consume(request("blobs", "store"));
    byte[] limit = new byte[largestPayload()];
    limit[limit.length - 1] = 7;
    backend.publish(ns, "blobs", ByteString.copyFrom(limit), Map.of());

    assertRejected(
        () ->
            backend.publish(
                ns,
                "blobs",
                ByteString.copyFrom(new byte[EventsLimits.MAX_PAYLOAD_BYTES + 1]),
                Map.of()),
        "payload",
        "at most 1048576");

    assertThat(collector.next().getPayload().toByteArray()).isEqualTo(limit);
    collector.assertQuiet();
  }

  @Test
  void badMetadataIsRejectedNamingTheEntry() {
    Map<String, String> tooMany = new java.util.HashMap<>();
    IntStream.range(0, 65).forEach(i -> tooMany.put("k" + i, "v"));
    assertRejected(() -> backend.publish(ns, "t", bytes("x"), tooMany), "metadata", "65 entries");
    assertRejected(
        () -> backend.publish(ns, "t", bytes("x"), Map.of("big", "x".repeat(4097))),
        "metadata[\"big\"]",
        "at most 4096");
    assertRejected(
        () -> backend.publish(ns, "t", bytes("x"), Map.of("k".repeat(129), "v")),
        "metadata",
        "at most 128");
  }

  @Test
  void badConsumeSettingsAreRejectedNamingTheField() {
    assertRejected(
        () -> ConsumeSettings.from(request("t", "has.dot").build()), "group", "group name");
    assertRejected(
        () -> ConsumeSettings.from(request("t", "g".repeat(65)).build()), "group", "at most 64");
    assertRejected(
        () -> ConsumeSettings.from(request("t", "g").setOffset(0).build()), "offset", "1");
    assertRejected(
        () ->
            ConsumeSettings.from(
                request("t", "g")
                    .setAckWait(com.google.protobuf.Duration.newBuilder().setNanos(1_000_000))
                    .build()),
        "ack_wait",
        "between 100ms and 1h");
    assertRejected(
        () ->
            ConsumeSettings.from(
                request("t", "g")
                    .setAckWait(com.google.protobuf.Duration.newBuilder().setSeconds(7200))
                    .build()),
        "ack_wait",
        "between 100ms and 1h");
    assertRejected(
        () -> ConsumeSettings.from(request("t", "").setAutoAck(false).build()),
        "group",
        "auto_ack");
    assertRejected(() -> backend.ack(ns, "t", "", "id", false), "group", "required");
    assertRejected(() -> backend.ack(ns, "t", "g", "", false), "id", "required");
  }

  @Test
  void aRejectedPublishLosesNothingAndTakesNoSequenceNumber() {
    Event first = publish("orders", "one");
    assertRejected(
        () -> backend.publish(ns, "orders", bytes("x"), Map.of("big", "x".repeat(4097))),
        "metadata[\"big\"]",
        "4096");

    Event second = publish("orders", "two");

    assertThat(first.getSequence()).isEqualTo(1);
    assertThat(second.getSequence()).isEqualTo(2);
  }
}
