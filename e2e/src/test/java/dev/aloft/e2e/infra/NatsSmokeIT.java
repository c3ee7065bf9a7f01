package dev.aloft.e2e.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** NATS from infra/up has JetStream: a stream stores published messages for a durable consumer. */
class NatsSmokeIT {

  private final InfraEnv infra = InfraEnv.load();

  @Test
  void publishAndConsumeOnAJetStreamStream() throws Exception {
    String id = UUID.randomUUID().toString().replace("-", "");
    String stream = "ALOFT_SMOKE_" + id;
    String subject = "aloft.smoke." + id;
    Options options =
        new Options.Builder()
            .server(infra.natsUrl())
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0)
            .build();
    try (Connection nats = Nats.connect(options)) {
      JetStreamManagement management = nats.jetStreamManagement();
      management.addStream(
          StreamConfiguration.builder()
              .name(stream)
              .subjects(subject)
              .storageType(StorageType.File)
              .build());
      try {
        JetStream jetStream = nats.jetStream();
        for (int i = 1; i <= 3; i++) {
          PublishAck ack = jetStream.publish(subject, ("event " + i).getBytes(UTF_8));
          assertThat(ack.getStream()).isEqualTo(stream);
          assertThat(ack.getSeqno()).isEqualTo(i);
        }

        ConsumerContext consumer =
            nats.getStreamContext(stream)
                .createOrUpdateConsumer(
                    ConsumerConfiguration.builder()
                        .durable("smoke")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          Message message = consumer.next(Duration.ofSeconds(5));
          assertThat(message).as("message %d of 3 within 5 s", i + 1).isNotNull();
          received.add(new String(message.getData(), UTF_8));
          message.ackSync(Duration.ofSeconds(5));
        }
        assertThat(received).containsExactly("event 1", "event 2", "event 3");

        ConsumerInfo info = management.getConsumerInfo(stream, "smoke");
        assertThat(info.getNumPending()).isZero();
        assertThat(info.getNumAckPending()).isZero();
        assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(3);
        assertThat(management.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(3);
      } finally {
        management.deleteStream(stream);
      }
    }
  }
}
