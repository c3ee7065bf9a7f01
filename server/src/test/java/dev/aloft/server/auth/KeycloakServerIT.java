package dev.aloft.server.auth;

import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.auth.v1.Account;
import dev.aloft.api.auth.v1.AccountsGrpc;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.InspectRequest;
import dev.aloft.api.auth.v1.ListAccountsRequest;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.server.auth.keycloak.InfraKeycloak;
import dev.aloft.server.auth.keycloak.KeycloakBackend;
import dev.aloft.server.infra.PackagedServer;
import dev.aloft.server.tenancy.TestCallers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server ({@code target/quarkus-app}) with {@code aloft.auth.backend=keycloak}: it stops
 * at once with one line naming Keycloak when Keycloak cannot be reached, and otherwise bootstraps
 * the platform admin in realm {@code aloft-default} and serves accounts and tokens from Keycloak.
 * The realm {@code aloft-default} of the infra's Keycloak belongs to this test: it is deleted
 * before and after.
 */
class KeycloakServerIT {

  private static final String ADMIN_SECRET = "keycloak-admin-secret-1";

  @TempDir Path dataDir;

  @Test
  void anUnreachableKeycloakStopsTheServerWithOneLineNamingIt() throws Exception {
    int closedPort = PackagedServer.freePort();
    PackagedServer server =
        PackagedServer.start(
            dataDir,
            List.of(
                "-Daloft.auth.backend=keycloak",
                "-Daloft.keycloak.url=http://127.0.0.1:" + closedPort,
                "-Daloft.keycloak.admin-user=admin",
                "-Daloft.keycloak.admin-password=whatever"));
    int exitCode = server.awaitExit();
    String output = server.output();

    assertThat(exitCode).isNotZero();
    assertThat(output)
        .contains("aloft server: Keycloak at http://127.0.0.1:" + closedPort + " is unreachable")
        .doesNotContain("\tat ")
        .doesNotContain("Aloft server ready");
  }

  @Test
  void theServerKeepsAccountsInKeycloakAndVerifiesItsTokens() throws Exception {
    KeycloakBackend keycloak =
        new KeycloakBackend(
            InfraKeycloak.settings(Optional.empty(), Duration.ofMinutes(15)), Clock.systemUTC());
    String ns = TestCallers.newNamespace("kcsrv");
    keycloak.realms().delete(PlatformAdmin.DEFAULT_NAMESPACE);
    Map<String, String> env = InfraKeycloak.infraEnv();
    int grpcPort = PackagedServer.freePort();
    PackagedServer server =
        PackagedServer.start(
            dataDir,
            List.of(
                "-Daloft.auth.backend=keycloak",
                "-Daloft.keycloak.url=" + env.get("ALOFT_KEYCLOAK_URL"),
                "-Daloft.keycloak.admin-user=" + env.get("ALOFT_KEYCLOAK_ADMIN_USER"),
                "-Daloft.keycloak.admin-password=" + env.get("ALOFT_KEYCLOAK_ADMIN_PASSWORD"),
                "-Daloft.admin-secret=" + ADMIN_SECRET),
            grpcPort);
    ManagedChannel channel = TestCallers.channel(grpcPort);
    try {
      server.awaitReady();
      String admin = TestCallers.token(channel, "default", "admin", ADMIN_SECRET);
      String secret =
          as(AuthGrpc.newBlockingStub(channel), admin, ns)
              .generate(
                  GenerateRequest.newBuilder()
                      .setId("alice")
                      .addScopes("ops")
                      .setType("user")
                      .build())
              .getAccount()
              .getSecret();
      String alice = TestCallers.token(channel, ns, "alice", secret);

      List<Account> accounts =
          as(AccountsGrpc.newBlockingStub(channel), alice)
              .list(ListAccountsRequest.getDefaultInstance())
              .getAccountsList();
      assertThat(accounts).extracting(Account::getId).containsExactly("alice");
      Account inspected =
          AuthGrpc.newBlockingStub(channel)
              .inspect(InspectRequest.newBuilder().setToken(alice).build())
              .getAccount();
      assertThat(inspected.getId()).isEqualTo("alice");
      assertThat(inspected.getScopesList()).containsExactly("ops");
      assertThat(keycloak.accounts().find(ns, "alice")).isPresent();

      assertThatThrownBy(
              () ->
                  TestCallers.anonymous(AuthGrpc.newBlockingStub(channel), ns)
                      .token(
                          TokenRequest.newBuilder().setId("alice").setSecret("wrong-one").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
      keycloak.realms().delete(ns);
      keycloak.realms().delete(PlatformAdmin.DEFAULT_NAMESPACE);
    }
  }
}
