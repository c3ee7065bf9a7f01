package dev.aloft.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import dev.aloft.server.proxy.NodeChannels;
import dev.aloft.server.proxy.ServiceNode;
import dev.aloft.server.proxy.ServiceNodes;
import dev.aloft.server.registry.InMemoryRegistryBackend;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.health.v1.HealthProto;
import io.grpc.stub.ServerCalls;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway call to a real gRPC server on loopback: a unary call is answered without asking for
 * more, on the event loop that made it; a service that answers a unary call twice does not leave it
 * hanging.
 */
class NodeCallTest {

  private final NioEventLoopGroup loops = new NioEventLoopGroup(1);
  private final NodeChannels channels = new NodeChannels(loops, NioSocketChannel::new);
  private final InMemoryRegistryBackend registry = new InMemoryRegistryBackend(Clock.systemUTC());
  private final ServiceNodes serviceNodes = new ServiceNodes(registry, channels);
  private final MethodDescriptor<DynamicMessage, DynamicMessage> check =
      DynamicMessageMarshaller.method(
          HealthProto.getDescriptor().findServiceByName("Health").findMethodByName("Check"));
  private Server server;

  @AfterEach
  void stop() throws Exception {
    channels.close();
    registry.close();
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** A node whose Health/Check answers ANSWERS times (a stream, as only a broken server does). */
  private ServiceNode nodeAnswering(int answers) throws Exception {
    MethodDescriptor<HealthCheckRequest, HealthCheckResponse> streamed =
        HealthGrpc.getCheckMethod().toBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .build();
    server =
        ServerBuilder.forPort(0)
            .addService(
                ServerServiceDefinition.builder(HealthGrpc.SERVICE_NAME)
                    .addMethod(
                        streamed,
                        ServerCalls.asyncServerStreamingCall(
                            (request, responses) -> {
                              for (int i = 0; i < answers; i++) {
                                responses.onNext(
                                    HealthCheckResponse.newBuilder()
                                        .setStatus(ServingStatus.SERVING)
                                        .build());
                              }
                              responses.onCompleted();
                            }))
                    .build())
            .build()
            .start();
    return new ServiceNode("health", "", "1", "127.0.0.1:" + server.getPort());
  }

  private record Outcome(List<String> messages, Status status, List<String> threads) {}

  /** Starts a unary Check on LOOP, as the gateway does, and waits for its close. */
  private Outcome callOn(EventLoop loop, ServiceNode node) throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    NodeCall.Sink sink =
        new NodeCall.Sink() {
          @Override
          public void onMessage(DynamicMessage message) {
            threads.add(Thread.currentThread().getName());
            messages.add(message.toString().trim());
          }

          @Override
          public void onClose(Status status) {
            threads.add(Thread.currentThread().getName());
            closed.complete(status);
          }
        };
    loop.execute(
        () ->
            new NodeCall(
                    channels,
                    serviceNodes,
                    List.of(node),
                    check,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    new Metadata(),
                    DynamicMessage.getDefaultInstance(HealthCheckRequest.getDescriptor()),
                    sink)
                .start());
    return new Outcome(messages, closed.get(10, TimeUnit.SECONDS), threads);
  }

  @Test
  void aUnaryCallIsAnsweredAndClosedOnTheLoopThatMadeIt() throws Exception {
    ServiceNode node = nodeAnswering(1);
    EventLoop loop = (EventLoop) loops.next();
    String loopThread = loop.submit(() -> Thread.currentThread().getName()).get();

    Outcome outcome = callOn(loop, node);

    assertThat(outcome.status().isOk()).as(outcome.status().toString()).isTrue();
    assertThat(outcome.messages()).containsExactly("status: SERVING");
    assertThat(outcome.threads()).containsExactly(loopThread, loopThread);
  }

  @Test
  void aUnaryCallAnsweredTwiceStillClosesAndTheSinkHearsBoth() throws Exception {
    ServiceNode node = nodeAnswering(2);

    Outcome outcome = callOn((EventLoop) loops.next(), node);

    assertThat(outcome.messages()).hasSize(2);
    assertThat(outcome.status().getCode()).isNotEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }
}
