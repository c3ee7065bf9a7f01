package dev.aloft.bench;

import dev.aloft.bench.echo.EchoGrpc;
import dev.aloft.bench.echo.EchoRequest;
import dev.aloft.bench.echo.EchoResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The service the gateway and proxy benchmarks call: {@code aloft.bench.v1.Echo/Call} answers the
 * payload it was sent. Runs in the benchmark's process, on a free loopback port, with server
 * reflection (the gateway learns its messages that way).
 */
final class EchoServer implements AutoCloseable {

  private final Server server;

  private EchoServer(Server server) {
    this.server = server;
  }

  static EchoServer start() throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new EchoGrpc.EchoImplBase() {
                  @Override
                  public void call(EchoRequest request, StreamObserver<EchoResponse> response) {
                    response.onNext(
                        EchoResponse.newBuilder().setPayload(request.getPayload()).build());
                    response.onCompleted();
                  }
                })
            .addService(ProtoReflectionServiceV1.newInstance())
            .directExecutor()
            .build()
            .start();
    return new EchoServer(server);
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
