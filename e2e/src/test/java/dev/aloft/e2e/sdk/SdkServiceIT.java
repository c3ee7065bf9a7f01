package dev.aloft.e2e.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.DeleteRequest;
import dev.aloft.api.config.v1.SetRequest;
import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Value;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.e2e.helloworld.CallRequest;
import dev.aloft.e2e.helloworld.CallResponse;
import dev.aloft.e2e.helloworld.HelloworldGrpc;
import dev.aloft.e2e.server.PlatformSession;
import dev.aloft.e2e.server.ServerProcess;
import dev.aloft.sdk.AloftException;
import dev.aloft.sdk.Service;
import dev.aloft.sdk.ServiceContext;
import dev.aloft.sdk.ServiceSettings;
import dev.aloft.sdk.events.ReceivedEvent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services written with the SDK (in this JVM) on a real `./aloft server` process: they register
 * with their schemas and stay registered, answer reflection and health, are reached through the
 * gateway, the proxy and each other by name, use config, store and events as their own service
 * accounts, and deregister on close.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkServiceIT {

  private static final String ADMIN_SECRET = "e2e-admin-secret-1";
  private static final String NAMESPACE = "acme";
  private static final Duration TTL = Duration.ofSeconds(3);

  @TempDir static Path tmp;
  private ServerProcess server;
  private PlatformSession session;
  private int http;
  private int grpc;
  private String alice;
  private Service helloworld;
  private Service greeter;
  private ManagedChannel direct;

  @BeforeAll
  void startPlatformAndServices() throws Exception {
    http = ServerProcess.freePort();
    grpc = ServerProcess.freePort();
    server =
        ServerProcess.launch(
                tmp.resolve("server.log"),
                Map.of(
                    "HOME",
                    Files.createDirectories(tmp.resolve("home")).toString(),
                    "ALOFT_ADMIN_SECRET",
                    ADMIN_SECRET),
                "--http-port",
                "" + http,
                "--grpc-port",
                "" + grpc)
            .awaitReady();
    session = new PlatformSession(grpc);
    String admin = session.token("default", "admin", ADMIN_SECRET, 0);
    session.createAccount(admin, NAMESPACE, "alice", "alice-secret-1");
    for (String account : List.of("helloworld", "greeter", "ephemeral")) {
      session.createAccount(admin, NAMESPACE, account, account + "-secret-1", "service");
    }
    alice = session.token(NAMESPACE, "alice", "alice-secret-1", 0);

    helloworld =
        Service.builder("helloworld")
            .version("1.0.0")
            .handler(aloft -> new SdkHelloworld(aloft))
            .settings(settings("helloworld"))
            .build()
            .start();
    greeter = Service.builder("greeter").settings(settings("greeter")).build().start();
    direct =
        ManagedChannelBuilder.forAddress("127.0.0.1", helloworld.port()).usePlaintext().build();
  }

  private ServiceSettings settings(String account) {
    return ServiceSettings.defaults()
        .withServer("127.0.0.1:" + grpc)
        .withNamespace(NAMESPACE)
        .withAccount(account, account + "-secret-1")
        .withRegistrationTtl(TTL);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {greeter, helloworld}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (direct != null) {
      direct.shutdownNow();
    }
    if (session != null) {
      session.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private dev.aloft.api.registry.v1.Service registered(String name) {
    return PlatformSession.as(RegistryGrpc.newBlockingStub(session.channel), alice, null)
        .getService(GetServiceRequest.newBuilder().setService(name).build())
        .getServices(0);
  }

  private static Value field(Value message, String name) {
    return message.getValuesList().stream()
        .filter(value -> value.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + message));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void registersWithItsEndpointsAndTheirSchemas() {
    dev.aloft.api.registry.v1.Service service = registered("helloworld");
    assertThat(service.getVersion()).isEqualTo("1.0.0");
    assertThat(service.getNodesList()).hasSize(1);
    assertThat(service.getNodes(0).getAddress()).isEqualTo("127.0.0.1:" + helloworld.port());
    assertThat(service.getNodes(0).getId()).isEqualTo(helloworld.node().getId());
    assertThat(service.getEndpointsList())
        .extracting(Endpoint::getName)
        .containsExactly("Helloworld.Call", "Helloworld.Stream");

    Endpoint call = service.getEndpoints(0);
    assertThat(call.getRequest().getType()).isEqualTo("CallRequest");
    assertThat(field(call.getRequest(), "name").getType()).isEqualTo("string");
    Value greeting = field(call.getRequest(), "greeting");
    assertThat(greeting.getType()).isEqualTo("Greeting");
    assertThat(field(greeting, "times").getType()).isEqualTo("int32");
    assertThat(field(call.getResponse(), "message").getType()).isEqualTo("string");
    assertThat(service.getEndpoints(1).getMetadataMap()).containsEntry("stream", "true");
  }

  @Test
  void answersHealthAndServerReflection() throws Exception {
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(direct).withDeadlineAfter(30, TimeUnit.SECONDS);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(
            health
                .check(HealthCheckRequest.newBuilder().setService("helloworld.Helloworld").build())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(direct)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> services =
        answer.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .toList();
    requests.onCompleted();
    assertThat(services).contains("helloworld.Helloworld", "grpc.health.v1.Health");
  }

  @Test
  void theGatewayReachesItOverHttp() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> unary =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/helloworld/call"))
                .header("Authorization", "Bearer " + alice)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Alice\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unary.statusCode()).as(unary.body()).isEqualTo(200);
    assertThat(unary.body())
        .contains("\"message\":\"Hello Alice\"")
        .contains("\"namespace\":\"acme\"");

    HttpResponse<String> stream =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/helloworld/stream"))
                .header("Authorization", "Bearer " + alice)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Eve\",\"count\":2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.body().lines().toList())
        .containsExactly(
            "{\"message\":\"Hello Eve #1\",\"index\":1}",
            "{\"message\":\"Hello Eve #2\",\"index\":2}");
  }

  @Test
  void theProxyReachesItOverGrpc() {
    CallResponse response =
        PlatformSession.as(HelloworldGrpc.newBlockingStub(session.channel), alice, null)
            .call(CallRequest.newBuilder().setName("Bob").build());
    assertThat(response.getMessage()).isEqualTo("Hello Bob");
    assertThat(response.getNode()).isEqualTo("sdk");
  }

  @Test
  void anotherServiceCallsItByName() {
    ServiceContext aloft = greeter.context();
    CallResponse response =
        aloft
            .client("helloworld", HelloworldGrpc::newBlockingStub)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .call(CallRequest.newBuilder().setName("Greeter").build());
    assertThat(response.getMessage()).isEqualTo("Hello Greeter");

    // the service's own errors come back as they are
    assertThatThrownBy(
            () ->
                aloft
                    .client("helloworld", HelloworldGrpc::newBlockingStub)
                    .call(CallRequest.newBuilder().setName("fail").build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("FAILED_PRECONDITION: name: fail is not a name");
    // and a service nobody registered is NOT_FOUND from the proxy
    assertThatThrownBy(
            () ->
                aloft
                    .client("nosuch", HelloworldGrpc::newBlockingStub)
                    .call(CallRequest.newBuilder().setName("x").build()))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void readsTypedConfigAndSeesChangesItWatches() throws Exception {
    ConfigGrpc.ConfigBlockingStub config =
        PlatformSession.as(ConfigGrpc.newBlockingStub(session.channel), alice, null);
    ServiceContext aloft = helloworld.context();
    assertThat(aloft.config().get("sdktest.pool", Integer.class)).isEmpty();
    set(config, "sdktest", "{\"pool\":10,\"hosts\":[\"db1\",\"db2\"]}");
    assertThat(aloft.config().get("sdktest.pool", Integer.class)).contains(10);
    assertThat(aloft.config().get("sdktest", Pool.class))
        .contains(new Pool(10, List.of("db1", "db2")));
    assertThatThrownBy(() -> aloft.config().get("sdktest.hosts", Integer.class))
        .isInstanceOf(AloftException.class)
        .hasMessageStartingWith("config 'sdktest.hosts': [\"db1\",\"db2\"] is not a");

    List<Optional<Integer>> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable watch = aloft.config().watch("sdktest.pool", Integer.class, seen::add)) {
      assertThat(seen).containsExactly(Optional.of(10));
      set(config, "sdktest.pool", "20");
      await("the watch sees pool 20", () -> seen.contains(Optional.of(20)));
      config.delete(DeleteRequest.newBuilder().setPath("sdktest.pool").build());
      await("the watch sees pool deleted", () -> seen.get(seen.size() - 1).isEmpty());
    }

    // the handler reads it too, on each call
    set(config, "helloworld.salutation", "\"Howdy\"");
    try {
      CallResponse response =
          PlatformSession.as(HelloworldGrpc.newBlockingStub(session.channel), alice, null)
              .call(CallRequest.newBuilder().setName("Config").build());
      assertThat(response.getMessage()).isEqualTo("Howdy Config");
    } finally {
      config.delete(DeleteRequest.newBuilder().setPath("helloworld.salutation").build());
    }
  }

  record Pool(int pool, List<String> hosts) {}

  private static void set(ConfigGrpc.ConfigBlockingStub config, String path, String json) {
    config.set(
        SetRequest.newBuilder()
            .setPath(path)
            .setValue(dev.aloft.api.config.v1.Value.newBuilder().setData(json))
            .build());
  }

  @Test
  void writesAndReadsItsOwnTableOfTheStore() {
    var store = helloworld.context().store();
    assertThat(store.read("greeting-1")).isEmpty();
    store.write("greeting-1", "Hello Alice");
    store.write("greeting-2", "Hello Bob");
    assertThat(store.read("greeting-1").orElseThrow().text()).isEqualTo("Hello Alice");
    assertThat(store.list("greeting-")).containsExactly("greeting-1", "greeting-2");
    assertThat(store.readPrefix("greeting-")).hasSize(2);

    // seen from outside: the namespace's database, the table named after the service
    var records =
        PlatformSession.as(StoreGrpc.newBlockingStub(session.channel), alice, null)
            .read(
                ReadRequest.newBuilder()
                    .setKey("greeting-2")
                    .setOptions(ReadOptions.newBuilder().setTable("helloworld"))
                    .build())
            .getRecordsList();
    assertThat(records.get(0).getValue().toStringUtf8()).isEqualTo("Hello Bob");

    assertThat(store.delete("greeting-1")).isTrue();
    assertThat(store.delete("greeting-1")).isFalse();
    assertThat(store.read("greeting-1")).isEmpty();
    assertThatThrownBy(() -> store.write("", "x"))
        .isInstanceOf(AloftException.class)
        .hasMessageContaining("INVALID_ARGUMENT")
        .satisfies(
            e -> assertThat(((AloftException) e).code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void publishesAndConsumesEventsWithAcks() throws Exception {
    var events = helloworld.context().events();
    long first = events.publish("sdk.orders", "order-1");
    events.publish("sdk.orders", "order-2");

    // the handler throws on the first delivery of order-1: it is nacked and comes again
    List<String> handled = new CopyOnWriteArrayList<>();
    try (AutoCloseable consumer =
        events.consume(
            "sdk.orders",
            "billing",
            first,
            (ReceivedEvent event) -> {
              handled.add(event.text() + "#" + event.deliveries());
              if (event.text().equals("order-1") && event.deliveries() == 1) {
                throw new IllegalStateException("not yet");
              }
            })) {
      await(
          "both orders handled, order-1 twice",
          () -> handled.containsAll(List.of("order-1#1", "order-1#2", "order-2#1")));
    }

    // acked events are done for the group: a new consumer of it gets only what comes next
    events.publish("sdk.orders", "order-3");
    List<String> later = new CopyOnWriteArrayList<>();
    try (AutoCloseable consumer =
        events.consume("sdk.orders", "billing", first, event -> later.add(event.text()))) {
      await("order-3 handled", () -> later.contains("order-3"));
    }
    assertThat(later).containsExactly("order-3");

    assertThatThrownBy(() -> events.consume("bad topic", "g", event -> {}))
        .isInstanceOf(AloftException.class)
        .hasMessageStartingWith("consuming topic 'bad topic': INVALID_ARGUMENT: topic");
  }

  @Test
  void staysRegisteredPastItsTtlAndDeregistersOnClose() throws Exception {
    Service ephemeral =
        Service.builder("ephemeral")
            .handler(aloft -> new SdkHelloworld(aloft))
            .settings(settings("ephemeral"))
            .build()
            .start();
    String node = ephemeral.node().getId();
    try {
      // three TTLs: only the heartbeats keep the node
      Thread.sleep(TTL.multipliedBy(3).toMillis());
      assertThat(registered("ephemeral").getNodesList())
          .extracting(dev.aloft.api.registry.v1.Node::getId)
          .containsExactly(node);
    } finally {
      ephemeral.close();
    }
    assertThatThrownBy(() -> registered("ephemeral"))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("NOT_FOUND");
  }

  @Test
  void aRefusedAccountStopsTheStartWithOneLine() {
    Service wrong =
        Service.builder("helloworld")
            .handler(aloft -> new SdkHelloworld(aloft))
            .settings(settings("helloworld").withAccount("helloworld", "not-the-secret"))
            .build();
    assertThatThrownBy(wrong::start)
        .isInstanceOf(AloftException.class)
        .hasMessageStartingWith(
            "logging in as service account 'helloworld' of namespace 'acme': UNAUTHENTICATED")
        .hasMessageNotContaining("\n");
  }
}
