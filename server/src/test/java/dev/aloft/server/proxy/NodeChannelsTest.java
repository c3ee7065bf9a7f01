package dev.aloft.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channels to nodes on the server's event loops, against a real gRPC server on loopback: a call
 * made on a loop is written and answered on that loop, with no other thread involved.
 */
class NodeChannelsTest {

  private final NioEventLoopGroup loops = new NioEventLoopGroup(2);
  private final NodeChannels channels = new NodeChannels(loops, NioSocketChannel::new);
  private Server server;
  private String address;

  @BeforeEach
  void start() throws Exception {
    server = ServerBuilder.forPort(0).addService(new ServingHealth()).build().start();
    address = "127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() throws Exception {
    channels.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private List<EventLoop> eachLoop() {
    return List.of((EventLoop) loops.next(), (EventLoop) loops.next());
  }

  /** The threads a call made on LOOP is answered on: its message's, then its close's. */
  private List<String> callOn(EventLoop loop) throws Exception {
    CompletableFuture<List<String>> answered = new CompletableFuture<>();
    loop.execute(
        () -> {
          ClientCall<HealthCheckRequest, HealthCheckResponse> call =
              channels.channel(address).newCall(HealthGrpc.getCheckMethod(), CallOptions.DEFAULT);
          String[] messageThread = {null};
          call.start(
              new ClientCall.Listener<>() {
                @Override
                public void onMessage(HealthCheckResponse message) {
                  messageThread[0] = Thread.currentThread().getName();
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                  if (status.isOk()) {
                    answered.complete(List.of(messageThread[0], Thread.currentThread().getName()));
                  } else {
                    answered.completeExceptionally(status.asRuntimeException());
                  }
                }
              },
              new Metadata());
          call.sendMessage(HealthCheckRequest.getDefaultInstance());
          call.halfClose();
          call.request(2);
        });
    return answered.get(10, TimeUnit.SECONDS);
  }

  private static String threadOf(EventLoop loop) throws Exception {
    return loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
  }

  @Test
  void aCallMadeOnAnEventLoopIsAnsweredOnThatLoop() throws Exception {
    for (EventLoop loop : eachLoop()) {
      String thread = threadOf(loop);
      assertThat(callOn(loop)).as("answered on").containsExactly(thread, thread);
      // the second call reuses the loop's channel and is answered there too
      assertThat(callOn(loop)).as("answered on, again").containsExactly(thread, thread);
    }
  }

  @Test
  void eachLoopHasItsOwnChannelToANode() throws Exception {
    List<EventLoop> both = eachLoop();
    ManagedChannel first = both.get(0).submit(() -> channels.channel(address)).get();
    ManagedChannel again = both.get(0).submit(() -> channels.channel(address)).get();
    ManagedChannel second = both.get(1).submit(() -> channels.channel(address)).get();

    assertThat(again).isSameAs(first);
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void aThreadOffTheLoopsGetsOneOfTheirChannelsAndCanCall() {
    ManagedChannel channel = channels.channel(address);

    assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()))
        .extracting(HealthCheckResponse::getStatus)
        .isEqualTo(ServingStatus.SERVING);
    assertThat(channels.currentLoop()).isIn(eachLoop());
  }

  @Test
  void retiringAnAddressClosesItsChannelOnEveryLoopAndNoOther() throws Exception {
    List<EventLoop> both = eachLoop();
    ManagedChannel onFirst = both.get(0).submit(() -> channels.channel(address)).get();
    ManagedChannel onSecond = both.get(1).submit(() -> channels.channel(address)).get();
    ManagedChannel other = both.get(0).submit(() -> channels.channel("127.0.0.1:1")).get();

    channels.retire(address);

    assertThat(onFirst.isShutdown()).isTrue();
    assertThat(onSecond.isShutdown()).isTrue();
    assertThat(channels.isOpen(address)).isFalse();
    assertThat(other.isShutdown()).isFalse();
    assertThat(channels.isOpen("127.0.0.1:1")).isTrue();
    assertThat(callOn(both.get(1))).as("a new channel after the retirement").hasSize(2);
  }
}
