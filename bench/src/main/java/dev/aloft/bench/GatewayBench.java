package dev.aloft.bench;

import dev.aloft.bench.echo.EchoGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Issue 9.1: HTTP/JSON through the gateway to a gRPC service vs a direct gRPC call to the same
 * service, 1 KB payloads, at fixed concurrency levels. Target: adds at most 150 us at p50 and keeps
 * at least 60% of the direct throughput.
 */
public final class GatewayBench {

  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, 4, List.of(1, 16));
    System.out.println(
        "# gateway: POST /echo/call (JSON, 1 KB payload) through the gateway vs Echo/Call over gRPC"
            + " direct; HTTP load by "
            + HttpLoad.generator()
            + ", gRPC load by grpc-java blocking stubs; "
            + options.describe());
    try (EchoPlatform setup = new EchoPlatform("gateway", options)) {
      URI url = URI.create("http://127.0.0.1:" + setup.server.httpPort + "/echo/call");
      checkOnce(url, setup);
      EchoGrpc.EchoBlockingStub direct = setup.directStub();
      for (int concurrency : options.concurrency()) {
        HttpLoad gateway =
            new HttpLoad(
                url,
                setup.json(),
                setup.platform.userToken,
                concurrency,
                setup.workdir.path,
                options.pinLoad());
        Sample[] samples =
            Alternation.run(
                options,
                gateway,
                length ->
                    ClosedLoop.run(concurrency, length, (c, n) -> direct.call(setup.request)));
        System.out.println(
            Comparison.line(
                "gateway c=" + concurrency,
                "direct",
                samples[0],
                samples[1],
                true,
                Target.addsAtMostAtP50(150),
                Target.keepsThroughput(0.6)));
      }
    }
  }

  /** One call before measuring: the route works and echoes (and its descriptors are cached). */
  private static void checkOnce(URI url, EchoPlatform setup) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url)
                    .header("Authorization", "Bearer " + setup.platform.userToken)
                    .POST(HttpRequest.BodyPublishers.ofString(setup.json()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 || !response.body().contains(setup.request.getPayload())) {
      throw new IllegalStateException(
          "the gateway does not echo: HTTP " + response.statusCode() + " " + response.body());
    }
  }
}
