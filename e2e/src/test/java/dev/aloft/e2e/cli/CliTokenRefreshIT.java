package dev.aloft.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.e2e.server.ServerProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a server whose access tokens live two seconds: the CLI renews an expired login with its
 * refresh token and saves the new pair, while an expired ALOFT_TOKEN is refused with a hint.
 */
class CliTokenRefreshIT {

  static final String ADMIN_SECRET = "cli-refresh-admin-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path serverDir;
  @TempDir Path userDir;

  static ServerProcess server;
  static int grpcPort;

  @BeforeAll
  static void startServer() throws Exception {
    grpcPort = ServerProcess.freePort();
    server =
        ServerProcess.launch(
                serverDir.resolve("server.log"),
                Map.of(
                    "ALOFT_ADMIN_SECRET",
                    ADMIN_SECRET,
                    "ALOFT_DATA_DIR",
                    serverDir.resolve("data").toString(),
                    "ALOFT_JAVA_OPTS",
                    "-Daloft.auth.access-token-ttl=PT2S",
                    "HOME",
                    serverDir.toString()),
                "--http-port",
                Integer.toString(ServerProcess.freePort()),
                "--grpc-port",
                Integer.toString(grpcPort))
            .awaitReady();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode storedLogin(CliUser user) throws Exception {
    return JSON.readTree(user.configDir().resolve("config.json").toFile())
        .path("credentials")
        .path("test");
  }

  @Test
  void anExpiredLoginIsRenewedWithTheRefreshTokenAndSaved() throws Exception {
    CliUser admin =
        new CliUser(userDir.resolve("admin"))
            .useServer(grpcPort)
            .login("default", "admin", ADMIN_SECRET);
    JsonNode before = storedLogin(admin);
    assertThat(before.path("expiry").asLong() - before.path("created").asLong()).isBetween(1L, 3L);

    Thread.sleep(3_000); // the stored access token has certainly expired now

    admin.run("config", "set", "refreshed.at", "1").assertOk();
    JsonNode after = storedLogin(admin);
    assertThat(after.path("access_token").asText())
        .isNotEqualTo(before.path("access_token").asText());
    assertThat(after.path("refresh_token").asText())
        .isNotEqualTo(before.path("refresh_token").asText());
    assertThat(after.path("expiry").asLong()).isGreaterThan(before.path("expiry").asLong());
    assertThat(after.path("account").asText()).isEqualTo("admin");

    String expired = before.path("access_token").asText();
    CliUser script =
        new CliUser(userDir.resolve("script")).useServer(grpcPort).with("ALOFT_TOKEN", expired);
    assertThat(script.run("config", "get", "refreshed.at").assertFails(4).err())
        .contains("expired")
        .contains("ALOFT_TOKEN");
  }

  @Test
  void aRevokedRefreshTokenAsksToLogInAgain() throws Exception {
    CliUser admin =
        new CliUser(userDir.resolve("admin2"))
            .useServer(grpcPort)
            .login("default", "admin", ADMIN_SECRET);
    admin.run("auth", "create", "account", "bob", "--secret", "bob-secret-1").assertOk();
    CliUser bob =
        new CliUser(userDir.resolve("bob"))
            .useServer(grpcPort)
            .login("default", "bob", "bob-secret-1");
    admin.run("auth", "update", "account", "bob", "--secret", "bob-secret-2").assertOk();

    Thread.sleep(3_000); // bob's access token has expired; his refresh token was revoked

    assertThat(bob.run("store", "list").assertFails(4).err())
        .contains("the login to environment 'test' has expired and could not be renewed")
        .contains("aloft login");
    bob.login("default", "bob", "bob-secret-2").run("store", "list").assertOk();
  }
}
