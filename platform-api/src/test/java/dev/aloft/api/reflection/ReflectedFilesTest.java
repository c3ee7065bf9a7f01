package dev.aloft.api.reflection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.WatchResponse;
import dev.aloft.api.events.v1.StreamGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Descriptors asked of real gRPC servers over loopback, as the gateway and the CLI ask them. */
class ReflectedFilesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(Server::shutdownNow);
    for (Server server : servers) {
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private ManagedChannel channelTo(int port) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .usePlaintext()
            .build();
    channels.add(channel);
    return channel;
  }

  private int serve(NettyServerBuilder builder) throws IOException {
    Server server = builder.build().start();
    servers.add(server);
    return server.getPort();
  }

  private static NettyServerBuilder loopback() {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
  }

  @Test
  void listsTheServersOwnServicesLinkedWithTheirImports() throws IOException {
    int port =
        serve(
            loopback()
                .addService(new ConfigGrpc.ConfigImplBase() {})
                .addService(new StreamGrpc.StreamImplBase() {})
                .addService(new HealthStatusManager().getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance()));

    Map<String, Descriptors.ServiceDescriptor> services =
        ReflectedFiles.services(channelTo(port), TIMEOUT);

    // reflection and health are the server's infrastructure, not its services
    assertThat(services).containsOnlyKeys("aloft.config.v1.Config", "aloft.events.v1.Stream");
    Descriptors.ServiceDescriptor config = services.get("aloft.config.v1.Config");
    assertThat(config.getMethods())
        .extracting(Descriptors.MethodDescriptor::getName)
        .containsExactly("Get", "Set", "Delete", "Read", "Watch", "History");
    Descriptors.MethodDescriptor watch = config.findMethodByName("Watch");
    assertThat(watch.isServerStreaming()).isTrue();
    // the descriptors are the server's, linked: the same shape as the compiled ones
    assertThat(watch.getOutputType().toProto()).isEqualTo(WatchResponse.getDescriptor().toProto());
    // an import of a well-known type (google/protobuf/timestamp.proto) is linked too
    assertThat(
            services.get("aloft.events.v1.Stream").getFile().getDependencies().stream()
                .map(Descriptors.FileDescriptor::getName))
        .contains("google/protobuf/timestamp.proto", "google/protobuf/duration.proto");
  }

  @Test
  void aServerWithoutReflectionIsUnimplemented() throws IOException {
    int port = serve(loopback().addService(new ConfigGrpc.ConfigImplBase() {}));

    assertThatThrownBy(() -> ReflectedFiles.services(channelTo(port), TIMEOUT))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  @Test
  void nobodyListeningIsUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int closed = port;

    assertThatThrownBy(() -> ReflectedFiles.services(channelTo(closed), TIMEOUT))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }
}
