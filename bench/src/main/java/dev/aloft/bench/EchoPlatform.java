package dev.aloft.bench;

import dev.aloft.bench.echo.EchoGrpc;
import dev.aloft.bench.echo.EchoRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway and proxy benchmarks share: a server with embedded backends, the echo service
 * registered in it as {@code echo} by its service account, a direct channel to the echo service and
 * the 1 KB request.
 */
final class EchoPlatform implements AutoCloseable {

  static final int PAYLOAD_BYTES = 1024;

  final Workdir workdir;
  final EchoServer echo;
  final AloftServer server;
  final PlatformClient platform;
  final ManagedChannel direct;
  final EchoRequest request =
      EchoRequest.newBuilder().setPayload("x".repeat(PAYLOAD_BYTES)).build();

  EchoPlatform(String name, BenchOptions options) throws Exception {
    workdir = new Workdir(name);
    echo = EchoServer.start();
    server = AloftServer.start(workdir.resolve("data"), Map.of(), options);
    platform = new PlatformClient(server);
    platform.registerService("echo", echo.address());
    direct = ManagedChannelBuilder.forAddress("127.0.0.1", echo.port()).usePlaintext().build();
  }

  /** The request as the gateway takes it. */
  String json() {
    return "{\"payload\":\"" + request.getPayload() + "\"}";
  }

  /** A stub that calls the echo service directly, without the platform. */
  EchoGrpc.EchoBlockingStub directStub() {
    return EchoGrpc.newBlockingStub(direct);
  }

  @Override
  public void close() throws Exception {
    direct.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    platform.close();
    server.close();
    echo.close();
    workdir.close();
  }
}
