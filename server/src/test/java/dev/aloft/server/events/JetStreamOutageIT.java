package dev.aloft.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NATS server of this test's own (so stopping it disturbs no one) going away and coming back:
 * publishing fails with UNAVAILABLE naming NATS and its address and works again by itself once NATS
 * is back; a running consumer waits through the outage and goes on; every event acknowledged before
 * (published, acked by its group) is kept.
 */
class JetStreamOutageIT {

  @TempDir Path storeDir;
  private int port;
  private Process nats;
  private JetStreamEventsBackend backend;

  @BeforeEach
  void startNats() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    startServer();
  }

  @AfterEach
  void stopNats() throws Exception {
    if (backend != null) {
      backend.close();
    }
    stopServer();
  }

  private JetStreamSettings settings() {
    return new JetStreamSettings(
        "nats://127.0.0.1:" + port,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "aloft",
        1,
        Duration.ofSeconds(3));
  }

  private void startServer() throws Exception {
    Path log = storeDir.resolve("nats.log");
    nats =
        new ProcessBuilder(
                "nats-server",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-js",
                "-sd",
                storeDir.resolve("js").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!answers()) {
      assertThat(nats.isAlive()).as("nats-server runs; log: " + Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("nats-server listening within 30s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private boolean answers() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void stopServer() throws InterruptedException {
    if (nats != null) {
      nats.destroy();
      if (!nats.waitFor(30, TimeUnit.SECONDS)) {
        nats.destroyForcibly().waitFor();
      }
      nats = null;
    }
  }

  /** Collects a consumer's events and how it ended. */
  private static final class Sink implements EventsBackend.EventSink {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<RuntimeException> failures = new LinkedBlockingQueue<>();

    @Override
    public void deliver(Event event) {
      events.add(event);
    }

    @Override
    public void failed(RuntimeException cause) {
      failures.add(cause);
    }
  }

  private static ConsumeSettings group(String group, long offset) {
    ConsumeRequest.Builder request =
        ConsumeRequest.newBuilder().setTopic("orders").setGroup(group).setAutoAck(false);
    if (offset > 0) {
      request.setOffset(offset);
    }
    return ConsumeSettings.from(request.build());
  }

  @Test
  void publishAndConsumeFailUnavailableWhileNatsIsAwayAndRecoverByThemselves() throws Exception {
    backend = JetStreamEventsBackend.open(settings());
    Sink billing = new Sink();
    EventsBackend.Consumer consumer = backend.consume("acme", group("billing", 0), billing);
    Event first = backend.publish("acme", "orders", ByteString.copyFromUtf8("one"), Map.of());
    Event taken = billing.events.poll(30, TimeUnit.SECONDS);
    assertThat(taken).isNotNull();
    backend.ack("acme", "orders", "billing", taken.getId(), false);
    Event second = backend.publish("acme", "orders", ByteString.copyFromUtf8("two"), Map.of());

    stopServer();

    // Refused outright once the client knows NATS is away; a publish that went out before it
    // noticed is unanswered instead, and the client sends it when NATS is back: say which.
    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> backend.publish("acme", "orders", ByteString.copyFromUtf8("lost"), Map.of()));
    assertThat(refused).as("publish while NATS is away fails").isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    String description = refused.getStatus().getDescription();
    assertThat(description).contains("NATS JetStream at nats://127.0.0.1:" + port);
    boolean lostMayBeStored = description.contains("may still be stored");
    if (!lostMayBeStored) {
      assertThat(description).contains("is unavailable (publish to orders: ");
    }

    startServer();

    Event third = null;
    long attempts = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (third == null) {
      try {
        attempts++;
        third = backend.publish("acme", "orders", ByteString.copyFromUtf8("three"), Map.of());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(System.nanoTime()).as("recovered within 60s").isLessThan(deadline);
        Thread.sleep(250);
      }
    }
    // a publish that failed UNAVAILABLE while JetStream came back may still have been stored
    // (publish is at least once), so "lost" and "three" may be there more than once
    assertThat(third.getSequence()).isBetween(3L, 2L + (lostMayBeStored ? 1 : 0) + attempts);

    // the consumer that ran through the outage goes on: two (delivered before or after), three;
    // delivery is at least once, so an event whose ack was lost to the outage may come again
    List<String> resumed = new ArrayList<>();
    while (!resumed.contains("three")) {
      Event event = billing.events.poll(60, TimeUnit.SECONDS);
      assertThat(event).as("events after the outage").isNotNull();
      resumed.add(event.getPayload().toStringUtf8());
      ackRetryingWhileUnavailable(event);
    }
    if (lostMayBeStored) {
      resumed.remove("lost"); // sent when NATS was back, or gone with the old connection
    }
    assertThat(resumed.stream().distinct()).containsExactly("two", "three");
    assertThat(billing.failures).isEmpty();
    consumer.close();

    // and the topic holds everything that was acknowledged as published, and nothing refused
    Sink replay = new Sink();
    backend.consume("acme", group("replay", 1), replay);
    List<String> ids = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    while (!ids.contains(third.getId())) {
      Event event = replay.events.poll(30, TimeUnit.SECONDS);
      assertThat(event).as("replay up to " + third.getId() + " after " + ids).isNotNull();
      ids.add(event.getId());
      payloads.add(event.getPayload().toStringUtf8());
    }
    assertThat(ids).startsWith(first.getId(), second.getId()).endsWith(third.getId());
    if (lostMayBeStored) {
      payloads.remove("lost");
    }
    assertThat(payloads.stream().distinct()).containsExactly("one", "two", "three");
  }

  /** Acks as a client does after an outage: UNAVAILABLE means try again. */
  private void ackRetryingWhileUnavailable(Event event) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        backend.ack("acme", "orders", "billing", event.getId(), false);
        return;
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(System.nanoTime())
            .as("ack works again within 60s; last: %s", e.getStatus().getDescription())
            .isLessThan(deadline);
        Thread.sleep(250);
      }
    }
  }

  @Test
  void anUnreachableServerAtStartIsRefusedNamingIt() throws Exception {
    stopServer();

    assertThatThrownBy(() -> JetStreamEventsBackend.open(settings()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("events: NATS at nats://127.0.0.1:" + port + " is unreachable");
  }
}
