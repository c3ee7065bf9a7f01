package dev.aloft.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.api.registry.v1.Value;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every registry backend must do, run once per backend by a subclass. Each test works in
 * namespaces of its own, so backends shared between tests (a real etcd) need no cleanup.
 */
public abstract class RegistryContractTest {

  private static final Duration WATCH_WAIT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(300);

  protected RegistryBackend backend;
  protected String ns;
  protected String otherNs;

  /** A backend for this test. */
  protected abstract RegistryBackend newBackend();

  /** Lets {@code duration} pass for the backend (move its clock, or wait). */
  protected abstract void letTimePass(Duration duration);

  @BeforeEach
  void open() {
    backend = newBackend();
    ns = "ns-" + UUID.randomUUID();
    otherNs = "other-" + UUID.randomUUID();
  }

  @AfterEach
  void close() {
    backend.close();
  }

  static Node node(String id, String address) {
    return Node.newBuilder().setId(id).setAddress(address).build();
  }

  static Service service(String name, String version, Node... nodes) {
    return Service.newBuilder()
        .setName(name)
        .setVersion(version)
        .addAllNodes(List.of(nodes))
        .build();
  }

  static Service helloworld() {
    return Service.newBuilder()
        .setName("helloworld")
        .setVersion("1.0.0")
        .putMetadata("team", "greeters")
        .addEndpoints(
            Endpoint.newBuilder()
                .setName("Helloworld.Call")
                .setRequest(
                    Value.newBuilder()
                        .setName("CallRequest")
                        .setType("CallRequest")
                        .addValues(Value.newBuilder().setName("name").setType("string"))
                        .addValues(
                            Value.newBuilder().setName("tags").setType("string").setRepeated(true))
                        .addValues(
                            Value.newBuilder()
                                .setName("when")
                                .setType("google.protobuf.Timestamp")
                                .addValues(Value.newBuilder().setName("seconds").setType("int64"))
                                .addValues(Value.newBuilder().setName("nanos").setType("int32"))))
                .setResponse(
                    Value.newBuilder()
                        .setName("CallResponse")
                        .setType("CallResponse")
                        .addValues(Value.newBuilder().setName("message").setType("string")))
                .putMetadata("stream", "false"))
        .addNodes(
            Node.newBuilder()
                .setId("helloworld-1")
                .setAddress("10.0.0.5:9090")
                .putMetadata("zone", "a"))
        .build();
  }

  private void register(Service service) {
    backend.register(ns, service, Optional.empty());
  }

  private BlockingQueue<Result> watch(String namespace, Optional<String> service) {
    BlockingQueue<Result> results = new LinkedBlockingQueue<>();
    backend.watch(namespace, service, results::add);
    return results;
  }

  private static Result next(BlockingQueue<Result> results) throws InterruptedException {
    Result result = results.poll(WATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(result).as("a watch result within " + WATCH_WAIT).isNotNull();
    return result;
  }

  private static void assertQuiet(BlockingQueue<Result> results) throws InterruptedException {
    assertThat(results.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
  }

  // ---- behaviour

  @Test
  void registeredServiceComesBackWithEverythingItCarries() {
    register(helloworld());

    assertThat(backend.getService(ns, "helloworld")).containsExactly(helloworld());
  }

  @Test
  void aServiceWithoutVersionIsLatest() {
    register(service("greeter", "", node("g-1", "localhost:8000")));

    assertThat(backend.getService(ns, "greeter"))
        .singleElement()
        .satisfies(service -> assertThat(service.getVersion()).isEqualTo("latest"));
  }

  @Test
  void getReturnsEveryVersionWithItsNodes() {
    register(service("orders", "2.0", node("o-3", "10.0.0.3:1")));
    register(service("orders", "1.0", node("o-1", "10.0.0.1:1"), node("o-2", "10.0.0.2:1")));

    List<Service> found = backend.getService(ns, "orders");

    assertThat(found).extracting(Service::getVersion).containsExactly("1.0", "2.0");
    assertThat(found.get(0).getNodesList())
        .extracting(Node::getId)
        .containsExactlyInAnyOrder("o-1", "o-2");
    assertThat(found.get(1).getNodesList()).extracting(Node::getId).containsExactly("o-3");
  }

  @Test
  void registeringAnotherNodeAddsItAndRegisteringAgainUpdatesIt() {
    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    register(service("orders", "1.0", node("o-2", "10.0.0.2:1")));
    register(service("orders", "1.0", node("o-1", "10.0.0.9:9")));

    assertThat(backend.getService(ns, "orders").get(0).getNodesList())
        .containsExactlyInAnyOrder(node("o-1", "10.0.0.9:9"), node("o-2", "10.0.0.2:1"));
  }

  @Test
  void theLatestRegistrationSetsTheVersionsMetadataAndEndpoints() {
    register(helloworld());
    Service changed =
        helloworld().toBuilder()
            .putMetadata("team", "others")
            .clearEndpoints()
            .clearNodes()
            .addNodes(node("helloworld-2", "10.0.0.6:9090"))
            .build();
    register(changed);

    Service found = backend.getService(ns, "helloworld").get(0);
    assertThat(found.getMetadataMap()).containsEntry("team", "others");
    assertThat(found.getEndpointsList()).isEmpty();
    assertThat(found.getNodesList()).hasSize(2);
  }

  @Test
  void deregisterRemovesTheNodeAndTheVersionGoesWithItsLastNode() {
    register(service("orders", "1.0", node("o-1", "10.0.0.1:1"), node("o-2", "10.0.0.2:1")));

    backend.deregister(ns, service("orders", "1.0", node("o-1", "")));
    assertThat(backend.getService(ns, "orders").get(0).getNodesList())
        .extracting(Node::getId)
        .containsExactly("o-2");

    backend.deregister(ns, service("orders", "1.0", node("o-2", "")));
    assertThatThrownBy(() -> backend.getService(ns, "orders"))
        .isInstanceOf(ServiceNotFoundException.class)
        .hasMessageContaining("orders");
    assertThat(backend.listServices(ns)).isEmpty();
  }

  @Test
  void deregisteringWhatIsNotRegisteredChangesNothing() {
    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));

    backend.deregister(ns, service("orders", "1.0", node("o-9", "")));
    backend.deregister(ns, service("orders", "2.0", node("o-1", "")));
    backend.deregister(ns, service("payments", "1.0", node("p-1", "")));

    assertThat(backend.getService(ns, "orders").get(0).getNodesList()).hasSize(1);
  }

  @Test
  void listReturnsEveryServiceVersionOrderedByNameAndVersion() {
    register(service("payments", "1.0", node("p-1", "10.0.0.1:1")));
    register(service("orders", "2.0", node("o-2", "10.0.0.2:1")));
    register(service("orders", "1.0", node("o-1", "10.0.0.3:1")));

    assertThat(backend.listServices(ns))
        .extracting(s -> s.getName() + "@" + s.getVersion())
        .containsExactly("orders@1.0", "orders@2.0", "payments@1.0");
  }

  @Test
  void getOfAnUnknownServiceIsNotFound() {
    assertThatThrownBy(() -> backend.getService(ns, "nothing"))
        .isInstanceOf(ServiceNotFoundException.class)
        .hasMessageContaining("service: no service 'nothing'");
  }

  // ---- TTL and heartbeats

  @Test
  void aNodeNotRegisteredAgainWithinItsTtlDisappearsAndWatchersSeeADelete() throws Exception {
    BlockingQueue<Result> results = watch(ns, Optional.empty());
    backend.register(ns, service("orders", "1.0", node("o-1", "10.0.0.1:1")), ttl(3));
    backend.register(ns, service("orders", "1.0", node("o-2", "10.0.0.2:1")), Optional.empty());
    assertThat(next(results).getAction()).isEqualTo("create");
    assertThat(next(results).getAction()).isEqualTo("create");

    letTimePass(Duration.ofSeconds(2));
    assertThat(backend.getService(ns, "orders").get(0).getNodesCount()).isEqualTo(2);
    backend.register(ns, service("orders", "1.0", node("o-1", "10.0.0.1:1")), ttl(3));
    letTimePass(Duration.ofSeconds(2));
    assertThat(backend.getService(ns, "orders").get(0).getNodesCount())
        .as("the heartbeat renewed the TTL")
        .isEqualTo(2);
    assertQuiet(results);

    letTimePass(Duration.ofSeconds(5));
    assertThat(backend.getService(ns, "orders").get(0).getNodesList())
        .extracting(Node::getId)
        .containsExactly("o-2");
    Result deleted = next(results);
    assertThat(deleted.getAction()).isEqualTo("delete");
    assertThat(deleted.getService().getNodesList()).extracting(Node::getId).containsExactly("o-1");
  }

  @Test
  void whenTheLastNodeExpiresTheServiceIsGone() {
    backend.register(ns, service("orders", "1.0", node("o-1", "10.0.0.1:1")), ttl(1));

    letTimePass(Duration.ofSeconds(3));

    // a backend may take a moment to act on an expiry (etcd checks its leases twice a second)
    eventually(
        () -> {
          assertThatThrownBy(() -> backend.getService(ns, "orders"))
              .isInstanceOf(ServiceNotFoundException.class);
          assertThat(backend.listServices(ns)).isEmpty();
        });
  }

  /** Retries {@code assertion} until it holds, for at most {@link #WATCH_WAIT}. */
  private static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + WATCH_WAIT.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static Optional<Duration> ttl(int seconds) {
    return Optional.of(Duration.ofSeconds(seconds));
  }

  // ---- watch

  @Test
  void watchReportsCreateUpdateAndDeletePerNodeAndNothingForAHeartbeat() throws Exception {
    BlockingQueue<Result> results = watch(ns, Optional.empty());

    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    Result created = next(results);
    assertThat(created.getAction()).isEqualTo("create");
    assertThat(created.getService()).isEqualTo(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    assertThat(created.hasTimestamp()).isTrue();

    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    assertQuiet(results);

    register(service("orders", "1.0", node("o-1", "10.0.0.1:2")));
    Result updated = next(results);
    assertThat(updated.getAction()).isEqualTo("update");
    assertThat(updated.getService().getNodes(0).getAddress()).isEqualTo("10.0.0.1:2");

    backend.deregister(ns, service("orders", "1.0", node("o-1", "")));
    Result deleted = next(results);
    assertThat(deleted.getAction()).isEqualTo("delete");
    assertThat(deleted.getService().getNodes(0).getId()).isEqualTo("o-1");
  }

  @Test
  void aWatchOfOneServiceSeesOnlyThatService() throws Exception {
    BlockingQueue<Result> results = watch(ns, Optional.of("payments"));

    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    register(service("payments", "1.0", node("p-1", "10.0.0.2:1")));

    Result result = next(results);
    assertThat(result.getService().getName()).isEqualTo("payments");
    assertQuiet(results);
  }

  @Test
  void aClosedWatchHearsNothingMore() throws Exception {
    BlockingQueue<Result> results = new LinkedBlockingQueue<>();
    RegistryBackend.Watch watch = backend.watch(ns, Optional.empty(), results::add);
    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    next(results);

    watch.close();
    register(service("orders", "1.0", node("o-2", "10.0.0.2:1")));

    assertQuiet(results);
  }

  @Test
  void aWatchSeesOnlyChangesMadeAfterItStarted() throws Exception {
    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    BlockingQueue<Result> results = watch(ns, Optional.empty());

    register(service("orders", "1.0", node("o-2", "10.0.0.2:1")));

    assertThat(next(results).getService().getNodes(0).getId()).isEqualTo("o-2");
    assertQuiet(results);
  }

  @Test
  void aWatcherWhoseListenerFailsIsDroppedWithoutHarmingOthers() throws Exception {
    Consumer<Result> failing =
        result -> {
          throw new IllegalStateException("the watcher went away");
        };
    backend.watch(ns, Optional.empty(), failing);
    BlockingQueue<Result> results = watch(ns, Optional.empty());

    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    register(service("orders", "1.0", node("o-2", "10.0.0.2:1")));

    assertThat(next(results).getAction()).isEqualTo("create");
    assertThat(next(results).getAction()).isEqualTo("create");
    assertThat(backend.getService(ns, "orders").get(0).getNodesCount()).isEqualTo(2);
  }

  // ---- tenant isolation

  @Test
  void aServiceOfOneNamespaceIsInvisibleInAnother() throws Exception {
    BlockingQueue<Result> otherResults = watch(otherNs, Optional.empty());
    register(helloworld());

    assertThatThrownBy(() -> backend.getService(otherNs, "helloworld"))
        .isInstanceOf(ServiceNotFoundException.class);
    assertThat(backend.listServices(otherNs)).isEmpty();
    assertQuiet(otherResults);

    backend.deregister(otherNs, service("helloworld", "1.0.0", node("helloworld-1", "")));
    assertThat(backend.getService(ns, "helloworld")).containsExactly(helloworld());
  }

  @Test
  void theSameServiceInTwoNamespacesIsTwoServices() {
    register(service("orders", "1.0", node("o-1", "10.0.0.1:1")));
    backend.register(
        otherNs, service("orders", "1.0", node("o-1", "10.9.9.9:9")), Optional.empty());

    assertThat(backend.getService(ns, "orders").get(0).getNodes(0).getAddress())
        .isEqualTo("10.0.0.1:1");
    assertThat(backend.getService(otherNs, "orders").get(0).getNodes(0).getAddress())
        .isEqualTo("10.9.9.9:9");
  }

  // ---- bad input

  private void assertRejected(Service service, String field, String messagePart) {
    assertThatThrownBy(() -> backend.register(ns, service, Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidRegistrationException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(messagePart);
  }

  @Test
  void badNamesAndVersionsAreRejectedNamingTheField() {
    assertRejected(service("", "1", node("a", "h:1")), "service.name", "required");
    assertRejected(service("has space", "1", node("a", "h:1")), "service.name", "not a service");
    assertRejected(service("-leading", "1", node("a", "h:1")), "service.name", "not a service");
    assertRejected(service("x".repeat(129), "1", node("a", "h:1")), "service.name", "at most 128");
    assertRejected(service("ok", "1/2", node("a", "h:1")), "service.version", "not a version");
    assertRejected(service("ok", "1", node("", "h:1")), "service.nodes[0].id", "required");
    assertRejected(service("ok", "1", node("a b", "h:1")), "service.nodes[0].id", "not a node id");
    assertRejected(
        service("ok", "1", node("a", "h:1"), node("a", "h:2")), "service.nodes[1].id", "twice");
    assertRejected(service("ok", "1"), "service.nodes", "at least one node");
  }

  @Test
  void badAddressesAreRejectedNamingTheNode() {
    for (String address :
        List.of(
            "",
            "localhost",
            "localhost:",
            "localhost:0",
            "localhost:65536",
            "localhost:80x",
            ":8080",
            "under_score.host:80",
            "300.1.1.1:80",
            "[::1:80",
            "[zz::1]:80",
            "http://host:80")) {
      assertThatThrownBy(
              () ->
                  backend.register(
                      ns,
                      service("ok", "1", node("a", "10.0.0.1:1"), node("b", address)),
                      Optional.empty()))
          .as(address)
          .isInstanceOfSatisfying(
              InvalidRegistrationException.class,
              e -> assertThat(e.field()).isEqualTo("service.nodes[1].address"));
    }
    for (String address : List.of("localhost:1", "my-host.example.com:65535", "[::1]:8080")) {
      register(service("ok", "1", node("a", address)));
    }
  }

  @Test
  void unknownFieldTypesAndBadSchemasAreRejectedNamingTheField() {
    Service unknownType =
        helloworld().toBuilder()
            .setEndpoints(
                0,
                helloworld().getEndpoints(0).toBuilder()
                    .setRequest(
                        Value.newBuilder()
                            .setName("CallRequest")
                            .setType("CallRequest")
                            .addValues(Value.newBuilder().setName("name").setType("strng"))))
            .build();
    assertRejected(unknownType, "service.endpoints[0].request.values[0].type", "unknown type");

    Service scalarWithFields =
        helloworld().toBuilder()
            .setEndpoints(
                0,
                helloworld().getEndpoints(0).toBuilder()
                    .setResponse(
                        Value.newBuilder()
                            .setName("CallResponse")
                            .setType("string")
                            .addValues(Value.newBuilder().setName("x").setType("int32"))))
            .build();
    assertRejected(scalarWithFields, "service.endpoints[0].response.values", "no nested fields");

    Value deep = Value.newBuilder().setName("leaf").setType("string").build();
    for (int i = 0; i < 20; i++) {
      deep = Value.newBuilder().setName("level" + i).setType("Level").addValues(deep).build();
    }
    Service tooDeep =
        helloworld().toBuilder()
            .setEndpoints(0, helloworld().getEndpoints(0).toBuilder().setRequest(deep))
            .build();
    assertRejected(
        tooDeep, "service.endpoints[0].request" + ".values[0]".repeat(17), "deeper than 16");

    Service badEndpoint =
        helloworld().toBuilder()
            .addEndpoints(Endpoint.newBuilder().setName("Helloworld Call"))
            .build();
    assertRejected(badEndpoint, "service.endpoints[1].name", "not an endpoint name");

    Service duplicateEndpoint =
        helloworld().toBuilder().addEndpoints(helloworld().getEndpoints(0)).build();
    assertRejected(duplicateEndpoint, "service.endpoints[1].name", "twice");
  }

  @Test
  void oversizedValuesAreRejectedOverTheDocumentedLimits() {
    assertRejected(
        helloworld().toBuilder().putMetadata("big", "x".repeat(4097)).build(),
        "service.metadata[\"big\"]",
        "at most 4096");
    Node bigNode =
        Node.newBuilder().setId("n").setAddress("h:1").putMetadata("big", "x".repeat(4097)).build();
    assertRejected(
        service("ok", "1", bigNode), "service.nodes[0].metadata[\"big\"]", "at most 4096");

    Service.Builder huge = helloworld().toBuilder();
    for (int i = 0; i < 200; i++) {
      huge.addEndpoints(
          Endpoint.newBuilder().setName("Huge.M" + i).putMetadata("doc", "x".repeat(4000)));
    }
    assertRejected(huge.build(), "service", "at most 524288");

    register(helloworld().toBuilder().putMetadata("fits", "x".repeat(4096)).build());
  }

  @Test
  void ttlsOutsideTheirRangeAreRejected() {
    for (Duration ttl : List.of(Duration.ofMillis(500), Duration.ofHours(25), Duration.ZERO)) {
      assertThatThrownBy(
              () -> backend.register(ns, service("ok", "1", node("a", "h:1")), Optional.of(ttl)))
          .isInstanceOfSatisfying(
              InvalidRegistrationException.class,
              e -> assertThat(e.field()).isEqualTo("options.ttl"));
    }
  }

  @Test
  void aRejectedRegistrationLeavesWhatWasRegistered() {
    register(helloworld());

    assertRejected(
        helloworld().toBuilder().setNodes(0, node("helloworld-1", "nowhere")).build(),
        "service.nodes[0].address",
        "host:port");

    assertThat(backend.getService(ns, "helloworld")).containsExactly(helloworld());
  }

  @Test
  void badNamesInGetDeregisterAndWatchAreRejected() {
    assertThatThrownBy(() -> backend.getService(ns, ""))
        .isInstanceOfSatisfying(
            InvalidRegistrationException.class, e -> assertThat(e.field()).isEqualTo("service"));
    assertThatThrownBy(() -> backend.watch(ns, Optional.of("a b"), result -> {}))
        .isInstanceOfSatisfying(
            InvalidRegistrationException.class, e -> assertThat(e.field()).isEqualTo("service"));
    assertThatThrownBy(() -> backend.deregister(ns, service("orders", "1")))
        .isInstanceOfSatisfying(
            InvalidRegistrationException.class,
            e -> assertThat(e.field()).isEqualTo("service.nodes"));
    assertThatThrownBy(() -> backend.deregister(ns, service("", "1", node("a", ""))))
        .isInstanceOfSatisfying(
            InvalidRegistrationException.class,
            e -> assertThat(e.field()).isEqualTo("service.name"));
  }
}
