package dev.aloft.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.AckRequest;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.server.calls.CallerFromMetadata;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consume over a real gRPC transport: the server stream, the client's flow control and its
 * cancellation reach the embedded backend as they will in the server.
 */
class EventsOverGrpcTest {

  @TempDir Path dataDir;
  private JdbcDataSource dataSource;
  private EmbeddedEventsBackend backend;
  private Server server;
  private ManagedChannel channel;
  private StreamGrpc.StreamBlockingStub acme;

  @BeforeEach
  void start() throws Exception {
    dataSource = EmbeddedEventsContractTest.database(dataDir);
    backend = new EmbeddedEventsBackend(dataSource, Clock.systemUTC());
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerInterceptors.intercept(new EventsHandler(backend), new CallerFromMetadata()))
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    Metadata headers = new Metadata();
    headers.put(CallerFromMetadata.NAMESPACE, "acme");
    acme =
        StreamGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    backend.close();
    EmbeddedEventsContractTest.shutdown(dataSource);
  }

  private Event publish(String payload) {
    return acme.publish(
            PublishRequest.newBuilder()
                .setTopic("orders")
                .setPayload(ByteString.copyFromUtf8(payload))
                .build())
        .getEvent();
  }

  @Test
  void consumeStreamsAndAckWorksAndCancellingLeavesTheRestToTheGroup() throws Exception {
    ConsumeRequest request =
        ConsumeRequest.newBuilder()
            .setTopic("orders")
            .setGroup("billing")
            .setOffset(1)
            .setAckWait(com.google.protobuf.Duration.newBuilder().setNanos(500_000_000))
            .build();
    publish("one");
    publish("two");

    try (Context.CancellableContext consuming = Context.current().withCancellation()) {
      Iterator<Event> events =
          consuming.call(() -> acme.withDeadlineAfter(30, TimeUnit.SECONDS).consume(request));
      Event one = events.next();
      assertThat(one.getPayload().toStringUtf8()).isEqualTo("one");
      acme.ack(
          AckRequest.newBuilder()
              .setTopic("orders")
              .setGroup("billing")
              .setId(one.getId())
              .build());
      consuming.cancel(null);
    }

    Iterator<Event> again =
        acme.withDeadlineAfter(30, TimeUnit.SECONDS)
            .consume(
                request.toBuilder()
                    .setAckWait(com.google.protobuf.Duration.newBuilder().setNanos(200_000_000))
                    .build());
    Event next = again.next();
    assertThat(next.getPayload().toStringUtf8())
        .as("the acked event is done; the unacked one comes again")
        .isEqualTo("two");
  }

  @Test
  void aSlowClientDoesNotLoseEvents() throws Exception {
    ConsumeRequest request =
        ConsumeRequest.newBuilder()
            .setTopic("orders")
            .setGroup("bulk")
            .setAutoAck(true)
            .setOffset(1)
            .build();
    String big = "x".repeat(100_000);
    for (int i = 0; i < 20; i++) {
      publish(i + ":" + big);
    }

    Iterator<Event> events = acme.withDeadlineAfter(60, TimeUnit.SECONDS).consume(request);
    for (int i = 0; i < 20; i++) {
      Thread.sleep(i < 3 ? 300 : 0);
      assertThat(events.next().getPayload().toStringUtf8()).startsWith(i + ":");
    }
  }
}
