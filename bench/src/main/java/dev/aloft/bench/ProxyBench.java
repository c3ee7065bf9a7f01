package dev.aloft.bench;

import dev.aloft.bench.echo.EchoGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9.2: gRPC through the identity proxy (the server's gRPC port, the user's token, the service
 * found by name) vs the same call straight to the service, 1 KB payloads. Target: adds at most 100
 * us at p50.
 */
public final class ProxyBench {

  private ProxyBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, 4, List.of(1, 16));
    System.out.println(
        "# proxy: Echo/Call (1 KB payload) through the identity proxy vs direct, both by"
            + " grpc-java blocking stubs in this process; "
            + options.describe());
    try (EchoPlatform setup = new EchoPlatform("proxy", options)) {
      ManagedChannel proxyChannel =
          ManagedChannelBuilder.forAddress("127.0.0.1", setup.server.grpcPort)
              .usePlaintext()
              .build();
      try {
        EchoGrpc.EchoBlockingStub proxied =
            setup.platform.asUser(EchoGrpc.newBlockingStub(proxyChannel));
        if (!proxied.call(setup.request).getPayload().equals(setup.request.getPayload())) {
          throw new IllegalStateException("the proxy does not echo");
        }
        EchoGrpc.EchoBlockingStub direct = setup.directStub();
        for (int concurrency : options.concurrency()) {
          Sample[] samples =
              Alternation.run(
                  options,
                  length ->
                      ClosedLoop.run(concurrency, length, (c, n) -> proxied.call(setup.request)),
                  length ->
                      ClosedLoop.run(concurrency, length, (c, n) -> direct.call(setup.request)));
          System.out.println(
              Comparison.line(
                  "proxy c=" + concurrency,
                  "direct",
                  samples[0],
                  samples[1],
                  true,
                  Target.addsAtMostAtP50(100)));
        }
      } finally {
        proxyChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
