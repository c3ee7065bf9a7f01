package dev.aloft.sdk.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.registry.v1.DeregisterRequest;
import dev.aloft.api.registry.v1.DeregisterResponse;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegisterResponse;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registration against a registry server on loopback whose heartbeat Registers are slow (the
 * fault a real platform server shows under load only now and then): closing never lets a
 * heartbeat's Register land after the Deregister, which would bring the node back.
 */
class RegistrationTest {

  private static final long SLOW_HEARTBEAT_MILLIS = 600;

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch heartbeatInFlight = new CountDownLatch(1);
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server =
        ServerBuilder.forPort(0)
            .addService(
                new RegistryGrpc.RegistryImplBase() {
                  private int registers;

                  @Override
                  public void register(
                      RegisterRequest request, StreamObserver<RegisterResponse> response) {
                    boolean heartbeat;
                    synchronized (this) {
                      heartbeat = ++registers > 1;
                    }
                    if (heartbeat) {
                      heartbeatInFlight.countDown();
                      try {
                        Thread.sleep(SLOW_HEARTBEAT_MILLIS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }
                    seen.add(heartbeat ? "heartbeat" : "register");
                    response.onNext(RegisterResponse.getDefaultInstance());
                    response.onCompleted();
                  }

                  @Override
                  public void deregister(
                      DeregisterRequest request, StreamObserver<DeregisterResponse> response) {
                    seen.add("deregister " + request.getService().getNodes(0).getId());
                    response.onNext(DeregisterResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void closingDuringAHeartbeatDeregistersAfterIt() throws Exception {
    Registration registration =
        Registration.start(
            RegistryGrpc.newBlockingStub(channel),
            Service.newBuilder()
                .setName("orders")
                .addNodes(Node.newBuilder().setId("orders-1").setAddress("127.0.0.1:9"))
                .build(),
            Duration.ofSeconds(3));
    assertThat(heartbeatInFlight.await(10, TimeUnit.SECONDS)).as("a heartbeat started").isTrue();

    registration.close();
    Thread.sleep(SLOW_HEARTBEAT_MILLIS + 200); // what the server still had to finish, finished

    assertThat(seen).containsExactly("register", "heartbeat", "deregister orders-1");
  }
}
