package dev.aloft.e2e.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./aloft server` as a user starts it: defaults, overrides, and the mistakes users make. */
class ServerLaunchIT {

  @TempDir Path tmp;

  @Test
  void startsWithEmbeddedDefaultsUnderHomeAndAnswersHttpAndGrpc() throws Exception {
    int http = ServerProcess.freePort();
    int grpc = ServerProcess.freePort();
    Path home = Files.createDirectories(tmp.resolve("home"));
    try (ServerProcess server =
        ServerProcess.launch(
                tmp.resolve("server.log"),
                Map.of("HOME", home.toString()),
                "--http-port",
                Integer.toString(http),
                "--grpc-port",
                Integer.toString(grpc))
            .awaitReady()) {
      assertThat(server.output())
          .containsPattern("Aloft server ready in [0-9.]+ s: HTTP :" + http + ", gRPC :" + grpc)
          .contains("data " + home.resolve(".aloft/data"))
          .containsPattern("RSS [0-9]+ MB");
      assertThat(home.resolve(".aloft/data")).isDirectory();

      HttpResponse<String> ready = get("http://127.0.0.1:" + http + "/q/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"status\": \"UP\"").contains("data-directory");

      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", grpc).usePlaintext().build();
      try {
        HealthCheckResponse health =
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        // answered over grpc.reflection.v1, listing the platform services and health
        assertThat(listServicesByReflection(channel))
            .contains("grpc.health.v1.Health", "aloft.registry.v1.Registry");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void environmentVariablesChoosePortsAndDataDirectory() throws Exception {
    int http = ServerProcess.freePort();
    int grpc = ServerProcess.freePort();
    Path data = tmp.resolve("elsewhere/data");
    try (ServerProcess server =
        ServerProcess.launch(
                tmp.resolve("server.log"),
                Map.of(
                    "ALOFT_HTTP_PORT", Integer.toString(http),
                    "ALOFT_GRPC_PORT", Integer.toString(grpc),
                    "ALOFT_DATA_DIR", data.toString()))
            .awaitReady()) {
      assertThat(server.output()).contains("HTTP :" + http + ", gRPC :" + grpc + ", data " + data);
      assertThat(get("http://127.0.0.1:" + http + "/q/health/ready").statusCode()).isEqualTo(200);
      assertThat(data).isDirectory();
    }
  }

  @Test
  void portInUseExitsWithOneLineNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      int port = taken.getLocalPort();
      ServerProcess server =
          ServerProcess.launch(
              tmp.resolve("server.log"),
              Map.of("ALOFT_DATA_DIR", tmp.resolve("data").toString()),
              "--http-port",
              Integer.toString(port),
              "--grpc-port",
              Integer.toString(ServerProcess.freePort()));
      assertThat(server.awaitExit()).isNotZero();
      assertThat(lines(server.output()))
          .containsExactly(
              "aloft server: HTTP port "
                  + port
                  + " is already in use; stop what uses it or choose another with --http-port or ALOFT_HTTP_PORT");
    }
  }

  @Test
  void unwritableDataDirectoryExitsWithOneLineNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "in the way");
    Path dataDir = file.resolve("data");
    ServerProcess server =
        ServerProcess.launch(
            tmp.resolve("server.log"),
            Map.of(),
            "--data-dir",
            dataDir.toString(),
            "--http-port",
            Integer.toString(ServerProcess.freePort()),
            "--grpc-port",
            Integer.toString(ServerProcess.freePort()));
    assertThat(server.awaitExit()).isNotZero();
    List<String> lines = lines(server.output());
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("aloft server: data directory " + dataDir + " is not writable")
        .endsWith("choose another with --data-dir or ALOFT_DATA_DIR");
  }

  @Test
  void unknownFlagExitsWithOneLineNamingIt() throws Exception {
    ServerProcess server =
        ServerProcess.launch(tmp.resolve("server.log"), Map.of(), "--verbose-mode");
    assertThat(server.awaitExit()).isEqualTo(2);
    assertThat(lines(server.output()))
        .containsExactly("aloft server: unknown option '--verbose-mode' (see aloft server --help)");
  }

  @Test
  void tooShortAdminSecretExitsWithOneLineNamingTheVariableNotTheSecret() throws Exception {
    Path data = tmp.resolve("data");
    ServerProcess server =
        ServerProcess.launch(
            tmp.resolve("server.log"),
            Map.of("ALOFT_ADMIN_SECRET", "hunter2", "ALOFT_DATA_DIR", data.toString()),
            "--http-port",
            Integer.toString(ServerProcess.freePort()),
            "--grpc-port",
            Integer.toString(ServerProcess.freePort()));
    assertThat(server.awaitExit()).isEqualTo(2);
    assertThat(lines(server.output()))
        .containsExactly(
            "aloft server: ALOFT_ADMIN_SECRET (aloft.admin-secret) has 7 characters; the platform"
                + " admin's secret needs 8 to 1024 (or leave it unset to have one generated)");
    assertThat(data.resolve("aloft.mv.db")).as("nothing was created").doesNotExist();
  }

  private static List<String> lines(String output) {
    return output.lines().filter(line -> !line.isBlank()).toList();
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> listServicesByReflection(ManagedChannel channel) throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    services.complete(
                        response.getListServicesResponse().getServiceList().stream()
                            .map(ServiceResponse::getName)
                            .toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    services.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    try {
      return services.get(10, TimeUnit.SECONDS);
    } finally {
      requests.onCompleted();
    }
  }
}
