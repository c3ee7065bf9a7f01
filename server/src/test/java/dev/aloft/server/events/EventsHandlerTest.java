package dev.aloft.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.AckRequest;
import dev.aloft.api.events.v1.AckResponse;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.PublishResponse;
import dev.aloft.server.calls.RecordedCall;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Context;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC edge of the events service over the embedded backend: namespace from the caller, request
 * mapping, status codes, flow control and cancellation of Consume.
 */
class EventsHandlerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Caller ACME = new Caller("acct-1", "acme", "acme", Set.of("service"), false);
  private static final Caller GLOBEX =
      new Caller("acct-2", "globex", "globex", Set.of("service"), false);

  @TempDir Path dataDir;
  private JdbcDataSource dataSource;
  private EmbeddedEventsBackend backend;
  private EventsHandler handler;

  @BeforeEach
  void start() {
    dataSource = EmbeddedEventsContractTest.database(dataDir);
    backend = new EmbeddedEventsBackend(dataSource, Clock.systemUTC());
    handler = new EventsHandler(backend);
  }

  @AfterEach
  void stop() {
    backend.close();
    EmbeddedEventsContractTest.shutdown(dataSource);
  }

  private static void as(Caller caller, Runnable call) {
    Context.current().withValue(Caller.CONTEXT_KEY, caller).run(call);
  }

  private RecordedCall<PublishResponse> publish(Caller caller, PublishRequest request) {
    RecordedCall<PublishResponse> call = new RecordedCall<>();
    as(caller, () -> handler.publish(request, call));
    return call;
  }

  private static PublishRequest event(String topic, String payload) {
    return PublishRequest.newBuilder()
        .setTopic(topic)
        .setPayload(ByteString.copyFromUtf8(payload))
        .putMetadata("source", "test")
        .build();
  }

  private RecordedCall<Event> consume(Caller caller, ConsumeRequest request) {
    RecordedCall<Event> call = new RecordedCall<>();
    as(caller, () -> handler.consume(request, call));
    return call;
  }

  @Test
  void publishStoresInTheCallersNamespaceAndReturnsTheEvent() throws Exception {
    RecordedCall<Event> consumer =
        consume(ACME, ConsumeRequest.newBuilder().setTopic("orders").setAutoAck(true).build());
    RecordedCall<Event> otherTenant =
        consume(GLOBEX, ConsumeRequest.newBuilder().setTopic("orders").setAutoAck(true).build());

    Event published = publish(ACME, event("orders", "{\"id\":1}")).single().getEvent();

    assertThat(published.getSequence()).isEqualTo(1);
    assertThat(published.getMetadataMap()).containsEntry("source", "test");
    Event received = consumer.next(WAIT);
    assertThat(received.getId()).isEqualTo(published.getId());
    assertThat(otherTenant.next(Duration.ofMillis(300))).isNull();
    consumer.cancel();
    otherTenant.cancel();
  }

  @Test
  void badInputIsInvalidArgumentNamingTheField() throws Exception {
    RecordedCall<PublishResponse> badTopic = publish(ACME, event("no spaces allowed", "x"));
    assertThat(badTopic.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badTopic.status().getDescription()).startsWith("topic: ");

    RecordedCall<PublishResponse> tooBig =
        publish(
            ACME,
            PublishRequest.newBuilder()
                .setTopic("blobs")
                .setPayload(ByteString.copyFrom(new byte[EventsLimits.MAX_PAYLOAD_BYTES + 1]))
                .build());
    assertThat(tooBig.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooBig.status().getDescription()).startsWith("payload: ");

    RecordedCall<Event> badWait =
        consume(
            ACME,
            ConsumeRequest.newBuilder()
                .setTopic("orders")
                .setGroup("g")
                .setAckWait(com.google.protobuf.Duration.newBuilder().setSeconds(-1))
                .build());
    assertThat(badWait.awaitEnd(WAIT)).isTrue();
    assertThat(badWait.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badWait.status().getDescription()).startsWith("ack_wait: ");

    RecordedCall<Event> badTime =
        consume(
            ACME,
            ConsumeRequest.newBuilder()
                .setTopic("orders")
                .setGroup("g")
                .setStartTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(-5))
                .build());
    assertThat(badTime.status().getDescription()).startsWith("start_time: ");

    RecordedCall<AckResponse> noId = new RecordedCall<>();
    as(
        ACME,
        () -> handler.ack(AckRequest.newBuilder().setTopic("orders").setGroup("g").build(), noId));
    assertThat(noId.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noId.status().getDescription()).isEqualTo("id: is required");
  }

  @Test
  void ackAcknowledgesInTheCallersNamespaceOnly() throws Exception {
    RecordedCall<Event> consumer =
        consume(ACME, ConsumeRequest.newBuilder().setTopic("orders").setGroup("billing").build());
    Event published = publish(ACME, event("orders", "one")).single().getEvent();
    assertThat(consumer.next(WAIT).getId()).isEqualTo(published.getId());
    AckRequest ack =
        AckRequest.newBuilder()
            .setTopic("orders")
            .setGroup("billing")
            .setId(published.getId())
            .build();

    RecordedCall<AckResponse> elsewhere = new RecordedCall<>();
    as(GLOBEX, () -> handler.ack(ack, elsewhere));
    assertThat(elsewhere.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(elsewhere.status().getDescription()).startsWith("group: ");

    RecordedCall<AckResponse> acked = new RecordedCall<>();
    as(ACME, () -> handler.ack(ack, acked));
    assertThat(acked.single()).isEqualTo(AckResponse.getDefaultInstance());
    consumer.cancel();
  }

  @Test
  void aCallWithoutAVerifiedCallerIsUnauthenticated() {
    RecordedCall<PublishResponse> publish = new RecordedCall<>();
    handler.publish(event("orders", "x"), publish);
    assertThat(publish.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

    RecordedCall<Event> consume = new RecordedCall<>();
    handler.consume(ConsumeRequest.newBuilder().setTopic("orders").build(), consume);
    assertThat(consume.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aClientThatIsNotReadyHoldsBackItsEvents() throws Exception {
    RecordedCall<Event> consumer =
        consume(
            ACME,
            ConsumeRequest.newBuilder()
                .setTopic("orders")
                .setGroup("slow")
                .setAutoAck(true)
                .build());
    consumer.setReady(false);

    publish(ACME, event("orders", "one"));
    assertThat(consumer.next(Duration.ofMillis(500))).isNull();

    consumer.setReady(true);
    assertThat(consumer.next(WAIT).getPayload().toStringUtf8()).isEqualTo("one");
    consumer.cancel();
  }

  @Test
  void cancellingConsumeStopsDeliveryAndLeavesTheEventsToTheGroup() throws Exception {
    ConsumeRequest request =
        ConsumeRequest.newBuilder().setTopic("orders").setGroup("billing").setAutoAck(true).build();
    RecordedCall<Event> first = consume(ACME, request);
    publish(ACME, event("orders", "one"));
    assertThat(first.next(WAIT).getPayload().toStringUtf8()).isEqualTo("one");

    first.cancel();
    publish(ACME, event("orders", "two"));
    assertThat(first.next(Duration.ofMillis(500))).isNull();

    RecordedCall<Event> second = consume(ACME, request);
    assertThat(second.next(WAIT).getPayload().toStringUtf8()).isEqualTo("two");
    second.cancel();
  }

  @Test
  void aBackendFailureIsInternalWithoutInternals() throws Exception {
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE events_log");
    }

    RecordedCall<PublishResponse> call = publish(ACME, event("orders", "x"));

    assertThat(call.status().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(call.status().getDescription())
        .isEqualTo("events publish failed on the server; see the server log")
        .doesNotContain("SQL");
  }
}
