package dev.aloft.server.auth;

import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.auth.v1.Access;
import dev.aloft.api.auth.v1.Account;
import dev.aloft.api.auth.v1.AccountsGrpc;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.CreateRuleRequest;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.ListAccountsRequest;
import dev.aloft.api.auth.v1.ListRulesRequest;
import dev.aloft.api.auth.v1.Resource;
import dev.aloft.api.auth.v1.Rule;
import dev.aloft.api.auth.v1.RulesGrpc;
import dev.aloft.api.auth.v1.Token;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.server.infra.PackagedServer;
import dev.aloft.server.tenancy.TestCallers;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the built server ({@code target/quarkus-app}) twice on the same data directory: the admin
 * secret, the key pair (tokens issued before the restart), accounts and rules survive.
 */
class AuthRestartIT {

  private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

  @TempDir Path dataDir;

  @Test
  void accountsRulesAndTheKeyPairSurviveARestart() throws Exception {
    String adminSecret;
    Token alice;
    String keyFile;
    try (RunningServer server = RunningServer.start(dataDir)) {
      adminSecret = TestCallers.adminSecret(dataDir);
      keyFile = Files.readString(dataDir.resolve("auth").resolve(LocalSigningKey.FILE_NAME));
      String admin = TestCallers.adminToken(server.channel, dataDir);
      String secret =
          as(AuthGrpc.newBlockingStub(server.channel), admin, "acme")
              .generate(GenerateRequest.newBuilder().setId("alice").addScopes("ops").build())
              .getAccount()
              .getSecret();
      as(RulesGrpc.newBlockingStub(server.channel), admin, "acme")
          .create(
              CreateRuleRequest.newBuilder()
                  .setRule(
                      Rule.newBuilder()
                          .setId("ops-store")
                          .setScope("ops")
                          .setResource(
                              Resource.newBuilder()
                                  .setType("service")
                                  .setName("store")
                                  .setEndpoint("Store.*"))
                          .setAccess(Access.GRANTED)
                          .setPriority(7))
                  .build());
      alice =
          TestCallers.anonymous(AuthGrpc.newBlockingStub(server.channel), "acme")
              .token(TokenRequest.newBuilder().setId("alice").setSecret(secret).build())
              .getToken();
    }

    try (RunningServer server = RunningServer.start(dataDir)) {
      assertThat(TestCallers.adminSecret(dataDir)).isEqualTo(adminSecret);
      assertThat(Files.readString(dataDir.resolve("auth").resolve(LocalSigningKey.FILE_NAME)))
          .isEqualTo(keyFile);
      List<Account> accounts =
          as(AccountsGrpc.newBlockingStub(server.channel), alice.getAccessToken())
              .list(ListAccountsRequest.getDefaultInstance())
              .getAccountsList();
      assertThat(accounts).extracting(Account::getId).containsExactly("alice");
      assertThat(
              as(RulesGrpc.newBlockingStub(server.channel), alice.getAccessToken())
                  .list(ListRulesRequest.getDefaultInstance())
                  .getRulesList())
          .extracting(Rule::getId)
          .contains("ops-store", "default");
      Token refreshed =
          AuthGrpc.newBlockingStub(server.channel)
              .token(TokenRequest.newBuilder().setRefreshToken(alice.getRefreshToken()).build())
              .getToken();
      assertThat(refreshed.getAccessToken()).isNotEmpty();
      assertThat(TestCallers.adminToken(server.channel, dataDir)).isNotEmpty();
    }
  }

  /** The server as a process of its own, with free ports and the given data directory. */
  private static final class RunningServer implements AutoCloseable {
    final Process process;
    final ManagedChannel channel;

    private RunningServer(Process process, ManagedChannel channel) {
      this.process = process;
      this.channel = channel;
    }

    static RunningServer start(Path dataDir) throws IOException, InterruptedException {
      assertThat(APP).as("the packaged server; run the package phase first").exists();
      int httpPort = PackagedServer.freePort();
      int grpcPort = PackagedServer.freePort();
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              APP.toString(),
              "--http-port",
              Integer.toString(httpPort),
              "--grpc-port",
              Integer.toString(grpcPort),
              "--data-dir",
              dataDir.toString());
      builder.environment().keySet().removeIf(name -> name.startsWith("ALOFT_"));
      builder.redirectErrorStream(true);
      builder.redirectOutput(
          ProcessBuilder.Redirect.appendTo(
              dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
      Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      Process process = builder.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!readyLineIn(log, logStart)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new AssertionError("the server did not come up; see " + log);
        }
        Thread.sleep(250);
      }
      return new RunningServer(process, TestCallers.channel(grpcPort));
    }

    /** Whether the server printed its ready line after the given offset of its log. */
    private static boolean readyLineIn(Path log, long from) throws IOException {
      if (!Files.exists(log)) {
        return false;
      }
      String text = Files.readString(log);
      return text.length() > from && text.substring((int) from).contains("Aloft server ready");
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
