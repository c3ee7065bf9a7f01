package dev.aloft.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.api.registry.v1.DeregisterRequest;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.e2e.server.ServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's platform commands driven as a user drives them: {@code ./aloft ...} processes against a
 * real {@code ./aloft server}, with a fresh CLI config per test.
 */
class CliPlatformIT {

  static final String ADMIN_SECRET = "cli-e2e-admin-secret";
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

  private CliUser admin() {
    return new CliUser(userDir.resolve("admin"))
        .useServer(grpcPort)
        .login("default", "admin", ADMIN_SECRET);
  }

  @Test
  void adminCreatesAnAccountAndARuleThenTheAccountLogsInAndIsHeldToTheRule() throws Exception {
    CliUser admin = admin();
    assertThat(admin.run("user").assertOk().out())
        .containsPattern("test +admin +user +default +admin +20");
    assertThat(Files.readString(admin.configDir().resolve("config.json")))
        .contains("\"account\" : \"admin\"")
        .contains("refresh_token")
        .doesNotContain(ADMIN_SECRET);

    CliResult created =
        admin
            .run(
                "auth",
                "create",
                "account",
                "alice",
                "--namespace",
                "acme",
                "--scopes",
                "developer,ops",
                "--secret",
                "alice-secret-1",
                "-m",
                "team=orders")
            .assertOk();
    assertThat(created.out())
        .contains("created account 'alice' in namespace 'acme'")
        .contains("alice-secret-1");
    admin
        .run("auth", "create", "account", "alice", "--namespace", "acme")
        .assertFails(6)
        .err()
        .contains("alice");
    JsonNode accounts =
        JSON.readTree(
            admin.run("auth", "list", "accounts", "-n", "acme", "-o", "json").assertOk().out());
    assertThat(accounts).hasSize(1);
    assertThat(accounts.get(0).path("id").asText()).isEqualTo("alice");
    assertThat(accounts.get(0).path("scopes").asText()).isEqualTo("developer,ops");
    assertThat(accounts.get(0).path("metadata").asText()).isEqualTo("team=orders");

    admin
        .run(
            "auth",
            "create",
            "rule",
            "no-store-writes",
            "-n",
            "acme",
            "--resource",
            "service:store:Store.Write",
            "--scope",
            "*",
            "--access",
            "denied",
            "--priority",
            "10")
        .assertOk();
    assertThat(admin.run("auth", "list", "rules", "-n", "acme").assertOk().out().lines())
        .contains("no-store-writes  *      service:store:Store.Write  denied   10")
        .anySatisfy(line -> assertThat(line).startsWith("default "));

    CliUser alice = new CliUser(userDir.resolve("alice")).useServer(grpcPort);
    alice
        .run("login", "--namespace", "acme", "--id", "alice", "--secret", "wrong-secret")
        .assertFails(4)
        .err()
        .contains("wrong account id or secret for namespace 'acme'");
    alice.login("acme", "alice", "alice-secret-1");
    assertThat(alice.run("whoami").assertOk().out())
        .containsPattern("alice +user +acme +developer,ops");

    assertThat(alice.run("store", "write", "k", "v").assertFails(4).err())
        .contains("rule 'no-store-writes' denies it")
        .contains("logged in as 'alice' of namespace 'acme'")
        .contains("aloft login");
    alice.run("config", "set", "feature.on", "true").assertOk();
    assertThat(alice.run("services", "--namespace", "default").assertFails(4).err())
        .contains("only platform admins may choose the namespace");

    admin
        .run("auth", "update", "rule", "no-store-writes", "-n", "acme", "--access", "granted")
        .assertOk();
    assertThat(admin.run("auth", "list", "rules", "-n", "acme").out())
        .contains("no-store-writes  *      service:store:Store.Write  granted  10");
    alice.run("store", "write", "k", "v").assertOk();

    CliResult changed =
        admin.run("auth", "update", "account", "alice", "-n", "acme", "--secret", "alice-secret-2");
    assertThat(changed.assertOk().out()).contains("alice-secret-2");
    assertThat(alice.run("store", "read", "k").assertOk().out())
        .as("access token still valid until expiry")
        .isEqualTo("v\n");
    admin.run("auth", "delete", "rule", "no-store-writes", "-n", "acme").assertOk();
    admin.run("auth", "delete", "account", "alice", "-n", "acme").assertOk();
    admin.run("auth", "delete", "account", "alice", "-n", "acme").assertFails(3);
  }

  @Test
  void configSetGetHistoryAndSecrets() throws Exception {
    CliUser admin = admin();
    String ns = "config-e2e";
    admin.run("config", "set", "-n", ns, "orders.db.pool", "10").assertOk();
    admin.run("config", "set", "-n", ns, "orders.db", "{\"host\":\"db1\"}").assertOk();
    admin.run("config", "set", "-n", ns, "orders.name", "orders service").assertOk();

    JsonNode db =
        JSON.readTree(
            admin.run("config", "get", "-n", ns, "orders.db", "-o", "json").assertOk().out());
    assertThat(db.path("value")).isEqualTo(JSON.readTree("{\"host\":\"db1\",\"pool\":10}"));
    assertThat(db.path("version").asLong()).isEqualTo(2);
    assertThat(admin.run("config", "get", "-n", ns, "orders.name").assertOk().out())
        .isEqualTo("\"orders service\"\n");

    assertThat(
            admin
                .run("config", "set", "-n", ns, "--secret", "orders.db.password", "s3cret")
                .assertOk()
                .out())
        .isEqualTo("set secret orders.db.password (version 4)\n");
    assertThat(admin.run("config", "get", "-n", ns, "orders.db.password").assertOk().out())
        .isEqualTo("\"[secret]\"\n");
    assertThat(
            admin.run("config", "get", "-n", ns, "--secret", "orders.db.password").assertOk().out())
        .isEqualTo("\"s3cret\"\n");

    List<String> history =
        admin.run("config", "history", "-n", ns, "orders.db").assertOk().out().lines().toList();
    assertThat(history).hasSize(4);
    assertThat(history.get(0)).startsWith("VERSION  TIME");
    assertThat(history.get(1))
        .startsWith("1 ")
        .contains(" set ")
        .endsWith("orders.db.pool      10");
    assertThat(history.get(3)).startsWith("4 ").endsWith("\"[secret]\"");
    assertThat(
            admin.run("config", "history", "-n", ns, "--secret", "orders.db", "--limit", "1").out())
        .contains("\"s3cret\"")
        .doesNotContain("db1");
    assertThat(admin.run("config", "get", "-n", ns, "orders.db", "--version", "1").assertOk().out())
        .isEqualTo("{\"pool\":10}\n");

    admin.run("config", "del", "-n", ns, "orders.db.pool").assertOk();
    assertThat(admin.run("config", "get", "-n", ns, "orders.db.pool").assertFails(3).err())
        .contains("orders.db.pool");
    assertThat(admin.run("config", "set", "-n", ns, "a..b", "1").assertFails(2).err())
        .contains("path");
    assertThat(admin.run("config", "set", "-n", ns, "a.b", "{\"x\":").assertFails(2).err())
        .contains("VALUE: not valid JSON");
  }

  @Test
  void storeWriteReadListWithTheStoresOptions() throws Exception {
    CliUser admin = admin();
    String ns = "store-e2e";
    for (String key : List.of("order-1", "order-2", "order-3", "other-1")) {
      admin.run("store", "write", "-n", ns, "-t", "orders", key, "value of " + key).assertOk();
    }
    assertThat(admin.run("store", "read", "-n", ns, "-t", "orders", "order-2").assertOk().out())
        .isEqualTo("value of order-2\n");

    JsonNode page =
        JSON.readTree(
            admin
                .run(
                    "store",
                    "read",
                    "-n",
                    ns,
                    "-t",
                    "orders",
                    "--prefix",
                    "order-",
                    "--offset",
                    "1",
                    "--limit",
                    "1",
                    "-o",
                    "json")
                .assertOk()
                .out());
    assertThat(page).hasSize(1);
    assertThat(page.get(0).path("key").asText()).isEqualTo("order-2");
    assertThat(page.get(0).path("value").asText()).isEqualTo("value of order-2");

    assertThat(
            admin
                .run("store", "list", "-n", ns, "-t", "orders", "--prefix", "order-")
                .assertOk()
                .out()
                .lines())
        .containsExactly("KEY", "order-1", "order-2", "order-3");
    assertThat(
            admin
                .run("store", "list", "-n", ns, "-t", "orders", "--suffix", "-1")
                .assertOk()
                .out()
                .lines())
        .containsExactly("KEY", "order-1", "other-1");
    assertThat(
            admin.run("store", "read", "-n", ns, "-t", "orders", "--suffix", "3").assertOk().out())
        .isEqualTo("KEY      VALUE\norder-3  value of order-3\n");

    assertThat(admin.run("store", "read", "-n", ns, "-t", "orders", "order-9").assertFails(3).err())
        .contains("'order-9'");

    admin.run("store", "write", "-n", ns, "session", "s", "--ttl", "1h").assertOk();
    assertThat(admin.run("store", "read", "-n", ns, "-v", "session").assertOk().out())
        .containsPattern("session +s +3[56][0-9][0-9]s");
    admin.run("store", "write", "-n", ns, "-d", ns + ".archive", "old", "x").assertOk();
    assertThat(admin.run("store", "databases", "-n", ns).assertOk().out().lines())
        .containsExactly("DATABASE", ns, ns + ".archive");
    assertThat(admin.run("store", "tables", "-n", ns).assertOk().out().lines())
        .containsExactly("TABLE", "default", "orders");
    assertThat(admin.run("store", "read", "-n", ns, "-d", "elsewhere", "old").assertFails(4).err())
        .contains("elsewhere");

    admin.run("store", "delete", "-n", ns, "-t", "orders", "order-1").assertOk();
    admin.run("store", "delete", "-n", ns, "-t", "orders", "order-1").assertFails(3);
    assertThat(
            admin.run("store", "write", "-n", ns, "k", "v", "--ttl", "soon").assertFails(2).err())
        .contains("--ttl");
  }

  @Test
  void streamPublishAndConsume() throws Exception {
    CliUser admin = admin();
    String ns = "stream-e2e";
    assertThat(
            admin
                .run(
                    "stream",
                    "publish",
                    "-n",
                    ns,
                    "orders.created",
                    "{\"id\":1}",
                    "-m",
                    "source=cli")
                .assertOk()
                .out())
        .matches("published [0-9a-f-]{36} to orders.created \\(sequence 1\\)\n");
    admin.run("stream", "publish", "-n", ns, "orders.created", "{\"id\":2}").assertOk();

    List<String> lines =
        admin
            .run("stream", "consume", "-n", ns, "orders.created", "--offset", "1", "--limit", "2")
            .assertOk()
            .out()
            .lines()
            .toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("1  ").endsWith("  {\"id\":1}");
    assertThat(lines.get(1)).startsWith("2  ").endsWith("  {\"id\":2}");

    List<String> json =
        admin
            .run(
                "stream",
                "consume",
                "-n",
                ns,
                "orders.created",
                "--group",
                "audit",
                "--offset",
                "2",
                "--no-auto-ack",
                "--limit",
                "1",
                "-o",
                "json")
            .assertOk()
            .out()
            .lines()
            .toList();
    assertThat(json).hasSize(1);
    JsonNode event = JSON.readTree(json.get(0));
    assertThat(event.path("payload")).isEqualTo(JSON.readTree("{\"id\":2}"));
    assertThat(event.path("sequence").asLong()).isEqualTo(2);

    // Live: a consumer started before the events arrive prints them as they come.
    Process consumer = admin.start("stream", "consume", "-n", ns, "orders.live", "--limit", "1");
    for (int attempt = 0; attempt < 60 && consumer.isAlive(); attempt++) {
      admin
          .run("stream", "publish", "-n", ns, "orders.live", "{\"live\":" + attempt + "}")
          .assertOk();
      consumer.waitFor(1, TimeUnit.SECONDS);
    }
    assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(consumer.exitValue()).isZero();
    assertThat(Files.readString(admin.outFile(consumer)))
        .containsPattern("^[0-9]+  \\S+  \\{\"live\":[0-9]+\\}\n$");

    assertThat(admin.run("stream", "consume", "-n", ns, "t", "--no-auto-ack").assertFails(2).err())
        .contains("--group");
    assertThat(admin.run("stream", "publish", "-n", ns, "bad topic!", "x").assertFails(2).err())
        .contains("topic");
  }

  @Test
  void servicesListsWhatIsRegistered() throws Exception {
    CliUser admin = admin();
    String token = admin.run("auth", "token").assertOk().out().trim();
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    headers.put(
        Metadata.Key.of("aloft-namespace", Metadata.ASCII_STRING_MARSHALLER), "services-e2e");
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    Service service =
        Service.newBuilder()
            .setName("helloworld")
            .setVersion("1.0.0")
            .addNodes(Node.newBuilder().setId("helloworld-1").setAddress("127.0.0.1:9001"))
            .addNodes(Node.newBuilder().setId("helloworld-2").setAddress("127.0.0.1:9002"))
            .build();
    var registry =
        RegistryGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .withDeadlineAfter(30, TimeUnit.SECONDS);
    try {
      registry.register(RegisterRequest.newBuilder().setService(service).build());

      assertThat(admin.run("services", "-n", "services-e2e").assertOk().out().lines())
          .containsExactly(
              "NAME        VERSION  NODES", "helloworld  1.0.0    127.0.0.1:9001,127.0.0.1:9002");
      JsonNode json =
          JSON.readTree(admin.run("services", "-n", "services-e2e", "-o", "json").assertOk().out());
      assertThat(json.get(0).path("name").asText()).isEqualTo("helloworld");
      assertThat(admin.run("services", "-n", "services-none").assertOk().out())
          .isEqualTo("NAME  VERSION  NODES\n");
    } finally {
      registry.deregister(DeregisterRequest.newBuilder().setService(service).build());
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void loggedOutCommandsAreDeniedWithAHintAndAloftTokenStandsInForALogin() throws Exception {
    CliUser admin = admin();
    String token = admin.run("auth", "token").assertOk().out().trim();

    assertThat(admin.run("logout").assertOk().out())
        .isEqualTo("logged out of environment 'test'\n");
    assertThat(Files.readString(admin.configDir().resolve("config.json")))
        .doesNotContain("access_token");
    assertThat(admin.run("config", "get", "anything").assertFails(4).err())
        .contains("not logged in to environment 'test'; log in with: aloft login");

    CliUser script =
        new CliUser(userDir.resolve("script")).useServer(grpcPort).with("ALOFT_TOKEN", token);
    assertThat(script.run("user").assertOk().out()).containsPattern("test +admin +user +default");
    script.with("ALOFT_NAMESPACE", "token-e2e").run("config", "set", "from.script", "1").assertOk();
    assertThat(
            admin
                .login("default", "admin", ADMIN_SECRET)
                .run("config", "get", "-n", "token-e2e", "from.script")
                .assertOk()
                .out())
        .isEqualTo("1\n");

    CliUser forged =
        new CliUser(userDir.resolve("forged"))
            .useServer(grpcPort)
            .with("ALOFT_TOKEN", "not.a.token");
    assertThat(forged.run("config", "get", "x").assertFails(4).err()).contains("ALOFT_TOKEN");
  }
}
