package dev.aloft.server.events;

import static dev.aloft.server.calls.ExpectedStatus.assertInvalid;
import static dev.aloft.server.calls.ExpectedStatus.assertStatus;
import static dev.aloft.server.tenancy.TestCallers.anonymous;
import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.AckRequest;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.server.calls.ReceivedStream;
import dev.aloft.server.calls.ServerReflection;
import dev.aloft.server.tenancy.TestCallers;
import dev.aloft.server.tenancy.TwoTenants;
import dev.aloft.server.tenancy.TwoTenants.Tenant;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events service in the running server over real gRPC, called with real tokens of two tenants:
 * the same topic name in two namespaces is two topics, and a consumer never receives an event of
 * another namespace.
 */
@QuarkusTest
class EventsServiceTest {

  @Inject EventsBackend backend;

  @ConfigProperty(name = "quarkus.grpc.server.test-port")
  int grpcPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  private ManagedChannel channel;
  private TwoTenants tenants;

  @BeforeEach
  void connect() {
    channel = TestCallers.channel(grpcPort);
    tenants = TwoTenants.create(channel, dataDir, "events");
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private StreamGrpc.StreamBlockingStub events(Tenant tenant) {
    return as(StreamGrpc.newBlockingStub(channel), tenant.token());
  }

  private Event publish(Tenant tenant, String topic, String payload) {
    return events(tenant)
        .publish(
            PublishRequest.newBuilder()
                .setTopic(topic)
                .setPayload(ByteString.copyFromUtf8(payload))
                .build())
        .getEvent();
  }

  private ReceivedStream<Event> consume(Tenant tenant, ConsumeRequest request) {
    ReceivedStream<Event> stream = new ReceivedStream<>();
    as(StreamGrpc.newStub(channel), tenant.token()).consume(request, stream);
    return stream;
  }

  private static ConsumeRequest fromTheStart(String topic, String group) {
    return ConsumeRequest.newBuilder().setTopic(topic).setGroup(group).setOffset(1).build();
  }

  @Test
  void aTokenWorksInItsNamespaceAndIsRefusedInAnother() {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    assertThat(publish(a, "orders", "a1").getSequence()).isEqualTo(1);

    StreamGrpc.StreamBlockingStub aActingInB =
        as(StreamGrpc.newBlockingStub(channel), a.token(), b.namespace());
    assertStatus(
        () -> aActingInB.publish(PublishRequest.newBuilder().setTopic("orders").build()),
        Status.Code.PERMISSION_DENIED,
        "'alice' of namespace '" + a.namespace() + "'",
        "may not act in namespace '" + b.namespace() + "'");
    assertThat(publish(b, "orders", "b1").getSequence())
        .as("nothing reached B's topic")
        .isEqualTo(1);
  }

  @Test
  void theSameTopicInTwoNamespacesIsTwoTopicsAndConsumersSeeOnlyTheirOwn() throws Exception {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    Event a1 = publish(a, "orders", "a1");
    publish(a, "orders", "a2");
    Event b1 = publish(b, "orders", "b1");
    assertThat(b1.getSequence()).as("numbered apart from A's events").isEqualTo(1);

    ReceivedStream<Event> consumingB = consume(b, fromTheStart("orders", "billing"));
    ReceivedStream<Event> consumingA = consume(a, fromTheStart("orders", "billing"));
    try {
      Event first = consumingB.next();
      assertThat(first.getPayload().toStringUtf8()).isEqualTo("b1");
      assertThat(consumingA.next().getPayload().toStringUtf8()).isEqualTo("a1");
      assertThat(consumingA.next().getPayload().toStringUtf8()).isEqualTo("a2");

      // B's group of the same name cannot ack A's events
      assertStatus(
          () ->
              events(b)
                  .ack(
                      AckRequest.newBuilder()
                          .setTopic("orders")
                          .setGroup("billing")
                          .setId(a1.getId())
                          .build()),
          Status.Code.NOT_FOUND,
          "id",
          a1.getId());
      events(b)
          .ack(
              AckRequest.newBuilder()
                  .setTopic("orders")
                  .setGroup("billing")
                  .setId(first.getId())
                  .build());

      // while both consume: A's next event never reaches B's consumer
      publish(a, "orders", "a3");
      publish(b, "orders", "b2");
      Event next = consumingB.next();
      assertThat(next.getPayload().toStringUtf8())
          .as("B's consumer gets B's next event, not A's published before it")
          .isEqualTo("b2");
      assertThat(next.getSequence()).isEqualTo(2);
      assertThat(consumingA.next().getPayload().toStringUtf8()).isEqualTo("a3");
      assertThat(consumingB.drain()).extracting(e -> e.getPayload().toStringUtf8()).isEmpty();
    } finally {
      consumingA.cancel();
      consumingB.cancel();
    }
  }

  @Test
  void ackingForAGroupOfAnotherNamespaceIsNotFound() throws Exception {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    Event a1 = publish(a, "orders", "a1");
    ReceivedStream<Event> consumingA = consume(a, fromTheStart("orders", "audit"));
    try {
      assertThat(consumingA.next().getId()).isEqualTo(a1.getId());
      assertStatus(
          () ->
              events(b)
                  .ack(
                      AckRequest.newBuilder()
                          .setTopic("orders")
                          .setGroup("audit")
                          .setId(a1.getId())
                          .build()),
          Status.Code.NOT_FOUND,
          "group",
          "audit");
    } finally {
      consumingA.cancel();
    }
  }

  @Test
  void callsWithoutATokenAreUnauthenticated() throws Exception {
    assertStatus(
        () ->
            StreamGrpc.newBlockingStub(channel)
                .publish(PublishRequest.newBuilder().setTopic("orders").build()),
        Status.Code.UNAUTHENTICATED,
        "service:events:Stream.Publish",
        "no token");
    ReceivedStream<Event> anonymousConsumer = new ReceivedStream<>();
    anonymous(StreamGrpc.newStub(channel), tenants.a().namespace())
        .consume(fromTheStart("orders", "g"), anonymousConsumer);
    Status ended = anonymousConsumer.end();
    assertThat(ended.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(ended.getDescription()).contains("service:events:Stream.Consume");
  }

  @Test
  void aRuleDenyingPublishForAScopeLeavesConsumeOpen() throws Exception {
    Tenant listener = tenants.anotherOfA("listener", "listen-only");
    publish(tenants.a(), "alerts", "first");
    tenants.denyInA("listen-only", "events", "Stream.Publish");

    assertStatus(
        () ->
            events(listener)
                .publish(
                    PublishRequest.newBuilder()
                        .setTopic("alerts")
                        .setPayload(ByteString.copyFromUtf8("spoof"))
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "'listener'",
        "service:events:Stream.Publish",
        "deny-listen-only-Stream-Publish");
    ReceivedStream<Event> consuming =
        consume(listener, fromTheStart("alerts", "pager").toBuilder().setAutoAck(true).build());
    try {
      assertThat(consuming.next().getPayload().toStringUtf8()).isEqualTo("first");
    } finally {
      consuming.cancel();
    }
  }

  @Test
  void badInputOverTheWireNamesTheField() throws Exception {
    StreamGrpc.StreamBlockingStub a = events(tenants.a());
    assertInvalid(
        () -> a.publish(PublishRequest.newBuilder().setTopic("orders created").build()),
        "topic",
        "not a topic name");
    assertInvalid(
        () ->
            a.publish(
                PublishRequest.newBuilder()
                    .setTopic("orders")
                    .setPayload(ByteString.copyFrom(new byte[1_048_577]))
                    .build()),
        "payload");
    assertInvalid(
        () -> a.ack(AckRequest.newBuilder().setTopic("orders").setGroup("g").build()),
        "id",
        "required");

    ReceivedStream<Event> noGroup =
        consume(tenants.a(), ConsumeRequest.newBuilder().setTopic("orders").build());
    Status ended = noGroup.end();
    assertThat(ended.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ended.getDescription()).startsWith("group");
    assertThat(publish(tenants.a(), "orders", "ok").getSequence())
        .as("rejected publishes took no sequence number")
        .isEqualTo(1);
  }

  @Test
  void theServersBackendStoresAndDeliversEvents() throws Exception {
    assertThat(ServerReflection.services(channel)).contains("aloft.events.v1.Stream");

    String namespace = TestCallers.newNamespace("server-test");
    BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    EventsBackend.Consumer consumer =
        backend.consume(
            namespace,
            ConsumeSettings.from(
                ConsumeRequest.newBuilder().setTopic("orders").setAutoAck(true).build()),
            new EventsBackend.EventSink() {
              @Override
              public void deliver(Event event) {
                received.add(event);
              }

              @Override
              public void failed(RuntimeException cause) {}
            });
    try {
      Event published =
          backend.publish(namespace, "orders", ByteString.copyFromUtf8("{}"), Map.of());
      assertThat(received.poll(30, TimeUnit.SECONDS))
          .extracting(Event::getId)
          .isEqualTo(published.getId());
    } finally {
      consumer.close();
    }
  }
}
