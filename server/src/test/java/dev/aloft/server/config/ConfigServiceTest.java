package dev.aloft.server.config;

import static dev.aloft.server.calls.ExpectedStatus.assertInvalid;
import static dev.aloft.server.calls.ExpectedStatus.assertStatus;
import static dev.aloft.server.tenancy.TestCallers.anonymous;
import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.config.v1.Change;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.HistoryRequest;
import dev.aloft.api.config.v1.Options;
import dev.aloft.api.config.v1.ReadRequest;
import dev.aloft.api.config.v1.SetRequest;
import dev.aloft.api.config.v1.Value;
import dev.aloft.api.config.v1.WatchRequest;
import dev.aloft.api.config.v1.WatchResponse;
import dev.aloft.server.calls.ReceivedStream;
import dev.aloft.server.calls.ServerReflection;
import dev.aloft.server.tenancy.TestCallers;
import dev.aloft.server.tenancy.TwoTenants;
import dev.aloft.server.tenancy.TwoTenants.Tenant;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The config service in the running server over real gRPC, called with real tokens of two tenants:
 * every call passes the tenancy interceptor and acts in the token's namespace only.
 */
@QuarkusTest
class ConfigServiceTest {

  @Inject ConfigBackend backend;

  @ConfigProperty(name = "quarkus.grpc.server.test-port")
  int grpcPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  private ManagedChannel channel;
  private TwoTenants tenants;

  @BeforeEach
  void connect() {
    channel = TestCallers.channel(grpcPort);
    tenants = TwoTenants.create(channel, dataDir, "config");
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private ConfigGrpc.ConfigBlockingStub config(Tenant tenant) {
    return as(ConfigGrpc.newBlockingStub(channel), tenant.token());
  }

  private static SetRequest set(String path, String json) {
    return SetRequest.newBuilder().setPath(path).setValue(Value.newBuilder().setData(json)).build();
  }

  private static GetRequest get(String path) {
    return GetRequest.newBuilder().setPath(path).build();
  }

  @Test
  void aTokenWorksInItsNamespaceAndIsRefusedInAnother() {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    config(a).set(set("orders.db.pool", "10"));
    assertThat(config(a).get(get("orders.db.pool")).getValue().getData()).isEqualTo("10");

    assertStatus(
        () -> as(ConfigGrpc.newBlockingStub(channel), a.token(), b.namespace()).get(get("x")),
        Status.Code.PERMISSION_DENIED,
        "'alice' of namespace '" + a.namespace() + "'",
        "may not act in namespace '" + b.namespace() + "'");
    assertStatus(
        () -> as(ConfigGrpc.newBlockingStub(channel), a.token(), b.namespace()).set(set("x", "1")),
        Status.Code.PERMISSION_DENIED,
        b.namespace());
  }

  @Test
  void theSamePathInTwoNamespacesIsTwoValues() {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    config(a).set(set("orders.db", "{\"pool\":10,\"host\":\"a.example\"}"));
    config(a).set(set("only.in.a", "true"));
    config(b).set(set("orders.db.pool", "20"));

    assertThat(config(a).get(get("orders.db.pool")).getValue().getData()).isEqualTo("10");
    assertThat(config(b).get(get("orders.db")).getValue().getData()).isEqualTo("{\"pool\":20}");
    assertStatus(() -> config(b).get(get("only.in.a")), Status.Code.NOT_FOUND, "only.in.a");
    assertThat(config(b).read(ReadRequest.getDefaultInstance()).getValue().getData())
        .isEqualTo("{\"orders\":{\"db\":{\"pool\":20}}}");
    assertThat(
            config(b)
                .history(HistoryRequest.newBuilder().setPath("orders.db").build())
                .getChangesList())
        .extracting(Change::getVersion, c -> c.getValue().getData())
        .as("B's versions are numbered from 1 and hold only B's change")
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "20"));
  }

  @Test
  void secretsAreMaskedUnlessAskedForAndStayInTheirNamespace() {
    Tenant a = tenants.a();
    config(a)
        .set(
            set("db.password", "\"hunter22\"").toBuilder()
                .setOptions(Options.newBuilder().setSecret(true))
                .build());
    assertThat(config(a).get(get("db.password")).getValue().getData()).isEqualTo("\"[secret]\"");
    assertThat(
            config(a)
                .get(
                    get("db.password").toBuilder()
                        .setOptions(Options.newBuilder().setSecret(true))
                        .build())
                .getValue()
                .getData())
        .isEqualTo("\"hunter22\"");
    assertStatus(
        () ->
            config(tenants.b())
                .get(
                    get("db.password").toBuilder()
                        .setOptions(Options.newBuilder().setSecret(true))
                        .build()),
        Status.Code.NOT_FOUND,
        "db.password");
  }

  @Test
  void watchersNeverSeeChangesOfAnotherNamespace() throws Exception {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    ReceivedStream<WatchResponse> watchingA = new ReceivedStream<>();
    ReceivedStream<WatchResponse> watchingB = new ReceivedStream<>();
    as(ConfigGrpc.newStub(channel), a.token()).watch(WatchRequest.getDefaultInstance(), watchingA);
    as(ConfigGrpc.newStub(channel), b.token()).watch(WatchRequest.getDefaultInstance(), watchingB);
    try {
      AtomicInteger probes = new AtomicInteger();
      // both watches are live once each has seen a change of its own namespace
      assertThat(
              watchingA
                  .firstAfter(
                      () -> config(a).set(set("probe", Integer.toString(probes.incrementAndGet()))))
                  .getChange()
                  .getPath())
          .isEqualTo("probe");
      assertThat(
              watchingB
                  .firstAfter(
                      () -> config(b).set(set("probe", Integer.toString(probes.incrementAndGet()))))
                  .getChange()
                  .getPath())
          .isEqualTo("probe");
      watchingA.drain();
      watchingB.drain();

      config(a).set(set("shared.path", "\"from a\""));
      config(b).set(set("marker", "\"from b\""));

      assertThat(watchingA.next().getChange().getValue().getData()).isEqualTo("\"from a\"");
      Change seenByB = watchingB.next().getChange();
      assertThat(seenByB.getPath())
          .as("B's watcher gets B's change next, never A's change made before it")
          .isEqualTo("marker");
      assertThat(watchingB.drain())
          .extracting(w -> w.getChange().getPath())
          .doesNotContain("shared.path");
    } finally {
      watchingA.cancel();
      watchingB.cancel();
    }
  }

  @Test
  void callsWithoutATokenAreUnauthenticated() {
    assertStatus(
        () -> ConfigGrpc.newBlockingStub(channel).get(get("a")),
        Status.Code.UNAUTHENTICATED,
        "service:config:Config.Get",
        "no token");
    assertStatus(
        () ->
            anonymous(ConfigGrpc.newBlockingStub(channel), tenants.a().namespace())
                .set(set("a", "1")),
        Status.Code.UNAUTHENTICATED,
        "service:config:Config.Set",
        tenants.a().namespace());
  }

  @Test
  void aRuleDenyingSetForAScopeLeavesGetOpen() {
    Tenant reader = tenants.anotherOfA("reader", "readonly");
    config(tenants.a()).set(set("feature.on", "true"));
    tenants.denyInA("readonly", "config", "Config.Set");

    assertStatus(
        () -> config(reader).set(set("feature.on", "false")),
        Status.Code.PERMISSION_DENIED,
        "'reader'",
        "service:config:Config.Set",
        "deny-readonly-Config-Set");
    assertThat(config(reader).get(get("feature.on")).getValue().getData()).isEqualTo("true");
    config(tenants.a()).set(set("feature.on", "false"));
  }

  @Test
  void badInputOverTheWireNamesTheField() throws Exception {
    ConfigGrpc.ConfigBlockingStub a = config(tenants.a());
    assertInvalid(() -> a.set(set("a..b", "1")), "path", "empty segment");
    assertInvalid(() -> a.get(get("")), "path", "required");
    assertInvalid(() -> a.set(set("a", "{not json")), "value", "not valid JSON");
    assertInvalid(() -> a.set(set("a", "\"" + "x".repeat(65_536) + "\"")), "value", "64 KiB");
    assertInvalid(
        () ->
            a.set(
                SetRequest.newBuilder()
                    .setPath("a")
                    .setValue(Value.newBuilder().setData("1").setFormat("yaml"))
                    .build()),
        "value.format",
        "yaml");

    ReceivedStream<WatchResponse> badWatch = new ReceivedStream<>();
    as(ConfigGrpc.newStub(channel), tenants.a().token())
        .watch(WatchRequest.newBuilder().setPath("a b").build(), badWatch);
    Status ended = badWatch.end();
    assertThat(ended.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ended.getDescription()).startsWith("path");
  }

  @Test
  void configIsServedAndKeptInTheServerDatabaseWithTheKeyInTheDataDirectory() throws Exception {
    assertThat(ServerReflection.services(channel)).contains("aloft.config.v1.Config");

    String namespace = TestCallers.newNamespace("startup");
    backend.set(namespace, "a.b", "{\"c\":1}", false);
    backend.set(namespace, "a.secret", "\"s\"", true);
    assertThat(ConfigValues.print(backend.get(namespace, "a", 0, true).value()))
        .isEqualTo("{\"b\":{\"c\":1},\"secret\":\"s\"}");
    Path keyFile = dataDir.resolve("config").resolve(SecretCipher.KEY_FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
  }
}
