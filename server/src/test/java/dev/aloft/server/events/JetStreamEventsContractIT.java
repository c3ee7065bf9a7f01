package dev.aloft.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.server.infra.RealComponents;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events contract on the infra's NATS JetStream ({@code infra.env}). Each test has a stream
 * prefix of its own (and the contract's namespaces are unique per test); its streams are deleted
 * afterwards.
 */
class JetStreamEventsContractIT extends EventsContractTest {

  private final RealComponents infra = RealComponents.load();
  private final String prefix =
      "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  JetStreamSettings settings() {
    return new JetStreamSettings(
        infra.get("ALOFT_NATS_URL"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        prefix,
        1,
        Duration.ofSeconds(5));
  }

  @Override
  protected EventsBackend openBackend() {
    return JetStreamEventsBackend.open(settings());
  }

  @Override
  protected EventsBackend restart(EventsBackend running) {
    running.close();
    return openBackend();
  }

  /** NATS's max_payload (1 MB by default) holds headers and payload together. */
  @Override
  protected int largestPayload() {
    try (Connection connection = Nats.connect(infra.get("ALOFT_NATS_URL"))) {
      return (int)
          Math.min(
              EventsLimits.MAX_PAYLOAD_BYTES,
              connection.getMaxPayload() - 200 - JetStreamEventsBackend.PUBLISH_HEADER_ROOM);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void deleteStreams() throws Exception {
    backend.close(); // stops its consumers before their streams go
    try (Connection connection = Nats.connect(infra.get("ALOFT_NATS_URL"))) {
      JetStreamManagement management = connection.jetStreamManagement();
      for (String stream : management.getStreamNames()) {
        if (stream.startsWith(prefix + "_")) {
          management.deleteStream(stream);
        }
      }
    }
  }

  @Test
  void anEventLargerThanTheServersMaxPayloadIsInvalidArgumentNamingTheLimit() throws Exception {
    long serverLimit;
    try (Connection connection = Nats.connect(infra.get("ALOFT_NATS_URL"))) {
      serverLimit = connection.getMaxPayload();
    }
    int tooLarge = (int) Math.min(EventsLimits.MAX_PAYLOAD_BYTES, serverLimit);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                backend.publish(
                    ns,
                    "blobs",
                    com.google.protobuf.ByteString.copyFrom(new byte[tooLarge]),
                    Map.of("source", "test")))
        .isInstanceOfSatisfying(
            InvalidEventsRequestException.class, e -> assertThat(e.field()).isEqualTo("payload"))
        .hasMessageContaining("accepts at most " + serverLimit);
  }

  // ---- JetStream only: what a topic and a group are made of

  @Test
  void aTopicIsAStreamAndAGroupADurableConsumerWithTheGroupsSettings() throws Exception {
    backend.publish(ns, "orders.created", com.google.protobuf.ByteString.EMPTY, Map.of());
    EventsBackend.Consumer consumer =
        backend.consume(
            ns,
            ConsumeSettings.from(
                dev.aloft.api.events.v1.ConsumeRequest.newBuilder()
                    .setTopic("orders.created")
                    .setGroup("billing")
                    .setRetryLimit(4)
                    .setAckWait(com.google.protobuf.Duration.newBuilder().setSeconds(7))
                    .build()),
            new Collector());
    try (Connection connection = Nats.connect(infra.get("ALOFT_NATS_URL"))) {
      JetStreamManagement management = connection.jetStreamManagement();
      String name = ((JetStreamEventsBackend) backend).streamName(ns, "orders.created");
      StreamInfo stream = management.getStreamInfo(name);
      assertThat(stream.getConfiguration().getSubjects())
          .containsExactly(prefix + "." + ns + ".orders.created");
      assertThat(stream.getStreamState().getMsgCount()).isEqualTo(1);
      ConsumerInfo group = management.getConsumerInfo(name, "billing");
      assertThat(group.getConsumerConfiguration().getDurable()).isEqualTo("billing");
      assertThat(group.getConsumerConfiguration().getAckWait()).isEqualTo(Duration.ofSeconds(7));
      assertThat(group.getConsumerConfiguration().getMaxDeliver()).isEqualTo(5);
      assertThat(group.getConsumerConfiguration().getMaxAckPending()).isEqualTo(1000);

      // the latest Consume of a group sets its ack wait and retry limit
      backend
          .consume(
              ns,
              ConsumeSettings.from(
                  dev.aloft.api.events.v1.ConsumeRequest.newBuilder()
                      .setTopic("orders.created")
                      .setGroup("billing")
                      .setRetryLimit(2)
                      .setAckWait(com.google.protobuf.Duration.newBuilder().setSeconds(9))
                      .build()),
              new Collector())
          .close();
      ConsumerInfo updated = management.getConsumerInfo(name, "billing");
      assertThat(updated.getConsumerConfiguration().getAckWait()).isEqualTo(Duration.ofSeconds(9));
      assertThat(updated.getConsumerConfiguration().getMaxDeliver()).isEqualTo(3);
    } finally {
      consumer.close();
    }
  }
}
