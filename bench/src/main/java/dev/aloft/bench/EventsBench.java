package dev.aloft.bench;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.StreamGrpc;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9.4: publish-to-delivery latency through the platform (Stream.Publish over gRPC, delivered
 * to a running Stream.Consume of a group with auto-ack, server on NATS JetStream) vs raw NATS
 * JetStream (a synchronous publish to a file-backed stream, delivered to a durable pull consumer's
 * {@code consume} handler that acks). One event in flight at a time, 1 KB payloads; the latency is
 * from just before the publish call to the moment the consumer has the event. Target: at most 1.3x
 * at p50.
 */
public final class EventsBench {

  static final int PAYLOAD_BYTES = 1024;
  private static final long DELIVERY_TIMEOUT_SECONDS = 10;

  private record Arrival(long nanos, String n) {}

  private EventsBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, 4, List.of(1));
    System.out.println(
        "# events: publish-to-delivery, one event in flight, 1 KB payload, through the platform"
            + " (JetStream backend) vs raw NATS JetStream (jnats); "
            + options.describe());
    InfraEnv infra = new InfraEnv();
    String run = "ab" + UUID.randomUUID().toString().substring(0, 8);
    byte[] payload = "e".repeat(PAYLOAD_BYTES).getBytes();
    Map<String, String> env =
        Map.of(
            "ALOFT_EVENTS_BACKEND",
            "jetstream",
            "ALOFT_EVENTS_JETSTREAM_URL",
            infra.natsUrl(),
            "ALOFT_EVENTS_JETSTREAM_PREFIX",
            run);
    try (Workdir workdir = new Workdir("events");
        Connection nats = Nats.connect(infra.natsUrl())) {
      JetStreamManagement streams = nats.jetStreamManagement();
      try (AloftServer server = AloftServer.start(workdir.resolve("data"), env, options);
          PlatformClient platform = new PlatformClient(server)) {
        BlockingQueue<Arrival> platformArrivals = new LinkedBlockingQueue<>();
        Context.CancellableContext consuming = Context.current().withCancellation();
        consuming.run(
            () ->
                platform
                    .asUser(StreamGrpc.newStub(platform.channel))
                    .consume(
                        ConsumeRequest.newBuilder()
                            .setTopic("bench.latency")
                            .setGroup("bench")
                            .setAutoAck(true)
                            .build(),
                        new StreamObserver<>() {
                          @Override
                          public void onNext(Event event) {
                            platformArrivals.add(
                                new Arrival(System.nanoTime(), event.getMetadataMap().get("n")));
                          }

                          @Override
                          public void onError(Throwable t) {
                            platformArrivals.add(new Arrival(0, "consume failed: " + t));
                          }

                          @Override
                          public void onCompleted() {}
                        }));
        StreamGrpc.StreamBlockingStub publisher =
            platform.asUser(StreamGrpc.newBlockingStub(platform.channel));
        ByteString bytes = ByteString.copyFrom(payload);
        Publisher throughPlatform =
            n ->
                publisher.publish(
                    PublishRequest.newBuilder()
                        .setTopic("bench.latency")
                        .setPayload(bytes)
                        .putMetadata("n", n)
                        .build());

        String stream = run + "_raw";
        String subject = run + "raw.latency";
        streams.addStream(
            StreamConfiguration.builder()
                .name(stream)
                .subjects(subject)
                .storageType(StorageType.File)
                .replicas(1)
                .build());
        streams.addOrUpdateConsumer(
            stream,
            ConsumerConfiguration.builder()
                .durable("bench")
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.New)
                .build());
        BlockingQueue<Arrival> rawArrivals = new LinkedBlockingQueue<>();
        ConsumerContext consumer = nats.getStreamContext(stream).getConsumerContext("bench");
        JetStream jetStream = nats.jetStream();
        try (MessageConsumer rawConsumer =
            consumer.consume(
                message -> {
                  rawArrivals.add(
                      new Arrival(System.nanoTime(), message.getHeaders().getFirst("n")));
                  message.ack();
                })) {
          Publisher raw =
              n -> {
                Headers headers = new Headers();
                headers.put("n", n);
                jetStream.publish(subject, headers, payload);
              };
          handshake(throughPlatform, platformArrivals);
          handshake(raw, rawArrivals);
          Sample[] samples =
              Alternation.run(
                  options,
                  length -> serial(length, throughPlatform, platformArrivals),
                  length -> serial(length, raw, rawArrivals));
          System.out.println(
              Comparison.line(
                  "events publish-to-delivery",
                  "nats",
                  samples[0],
                  samples[1],
                  false,
                  Target.p50AtMostTimes(1.3)));
          rawConsumer.stop();
        } finally {
          consuming.cancel(null);
        }
      } finally {
        for (String name : streams.getStreamNames()) {
          if (name.startsWith(run)) {
            streams.deleteStream(name);
          }
        }
      }
    }
  }

  interface Publisher {
    void publish(String n) throws Exception;
  }

  /** Publishes until an event arrives: the consumer is in place (its group exists). */
  private static void handshake(Publisher publisher, BlockingQueue<Arrival> arrivals)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      publisher.publish("handshake");
      Arrival arrival = arrivals.poll(500, TimeUnit.MILLISECONDS);
      if (arrival != null) {
        check(arrival, "handshake");
        Thread.sleep(200);
        arrivals.clear();
        return;
      }
    }
    throw new IllegalStateException("no event arrived within 30 s");
  }

  /** One event at a time for LENGTH: publish, wait for its delivery, record the time between. */
  private static Sample serial(
      Duration length, Publisher publisher, BlockingQueue<Arrival> arrivals) throws Exception {
    Sample sample = new Sample();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    for (long i = 0; System.nanoTime() < end; i++) {
      String n = Long.toString(i);
      long before = System.nanoTime();
      publisher.publish(n);
      Arrival arrival = arrivals.poll(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (arrival == null) {
        throw new IllegalStateException("event " + n + " not delivered within 10 s");
      }
      check(arrival, n);
      sample.latencies.recordValue(Math.max(0, arrival.nanos() - before));
      sample.operations++;
    }
    sample.nanos = System.nanoTime() - start;
    return sample;
  }

  private static void check(Arrival arrival, String n) {
    if (arrival.nanos() == 0 || !n.equals(arrival.n())) {
      throw new IllegalStateException(
          "expected event " + n + ", got " + arrival.n() + " (an event lost or delivered twice)");
    }
  }
}
