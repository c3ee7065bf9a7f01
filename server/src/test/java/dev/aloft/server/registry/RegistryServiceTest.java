package dev.aloft.server.registry;

import static dev.aloft.server.calls.ExpectedStatus.assertInvalid;
import static dev.aloft.server.calls.ExpectedStatus.assertStatus;
import static dev.aloft.server.tenancy.TestCallers.anonymous;
import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.aloft.api.registry.v1.DeregisterRequest;
import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.ListServicesRequest;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Options;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.api.registry.v1.Value;
import dev.aloft.api.registry.v1.WatchRequest;
import dev.aloft.server.calls.ReceivedStream;
import dev.aloft.server.calls.ServerReflection;
import dev.aloft.server.tenancy.TestCallers;
import dev.aloft.server.tenancy.TwoTenants;
import dev.aloft.server.tenancy.TwoTenants.Tenant;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry in the running server over real gRPC, called with real tokens of two tenants: a
 * service registered in one namespace is invisible, in every call, in another.
 */
@QuarkusTest
class RegistryServiceTest {

  @ConfigProperty(name = "quarkus.grpc.server.test-port")
  int grpcPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  private ManagedChannel channel;
  private TwoTenants tenants;

  @BeforeEach
  void connect() {
    channel = TestCallers.channel(grpcPort);
    tenants = TwoTenants.create(channel, dataDir, "registry");
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private RegistryGrpc.RegistryBlockingStub registry(Tenant tenant) {
    return as(RegistryGrpc.newBlockingStub(channel), tenant.token());
  }

  private static Service service(String name, String nodeId, String address) {
    return Service.newBuilder()
        .setName(name)
        .setVersion("1.0.0")
        .addNodes(Node.newBuilder().setId(nodeId).setAddress(address))
        .build();
  }

  private static RegisterRequest register(Service service) {
    return RegisterRequest.newBuilder()
        .setService(service)
        .setOptions(Options.newBuilder().setTtl(Duration.newBuilder().setSeconds(600)))
        .build();
  }

  private static GetServiceRequest get(String name) {
    return GetServiceRequest.newBuilder().setService(name).build();
  }

  @Test
  void aTokenWorksInItsNamespaceAndIsRefusedInAnother() {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    registry(a).register(register(service("orders", "orders-a-1", "10.0.0.1:9000")));
    assertThat(registry(a).getService(get("orders")).getServices(0).getNodes(0).getId())
        .isEqualTo("orders-a-1");

    RegistryGrpc.RegistryBlockingStub aActingInB =
        as(RegistryGrpc.newBlockingStub(channel), a.token(), b.namespace());
    assertStatus(
        () -> aActingInB.register(register(service("orders", "planted", "10.6.6.6:9000"))),
        Status.Code.PERMISSION_DENIED,
        "'alice' of namespace '" + a.namespace() + "'",
        "may not act in namespace '" + b.namespace() + "'");
    assertThat(registry(b).listServices(ListServicesRequest.getDefaultInstance()).getServicesList())
        .isEmpty();
  }

  @Test
  void servicesOfOneNamespaceAreInvisibleInAnother() {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    registry(a).register(register(service("orders", "orders-a-1", "10.0.0.1:9000")));
    registry(a).register(register(service("billing", "billing-a-1", "10.0.0.2:9000")));
    registry(b).register(register(service("orders", "orders-b-1", "10.1.0.1:9000")));

    assertThat(registry(b).getService(get("orders")).getServicesList())
        .flatExtracting(Service::getNodesList)
        .extracting(Node::getId)
        .containsExactly("orders-b-1");
    assertStatus(
        () -> registry(b).getService(get("billing")), Status.Code.NOT_FOUND, "service", "billing");
    assertThat(registry(b).listServices(ListServicesRequest.getDefaultInstance()).getServicesList())
        .extracting(Service::getName)
        .containsExactly("orders");

    // deregistering A's node from B is a no-op in B, not a removal in A
    registry(b)
        .deregister(
            DeregisterRequest.newBuilder()
                .setService(service("billing", "billing-a-1", "10.0.0.2:9000"))
                .build());
    assertThat(registry(a).listServices(ListServicesRequest.getDefaultInstance()).getServicesList())
        .extracting(Service::getName)
        .containsExactly("billing", "orders");
    assertThat(registry(a).getService(get("orders")).getServicesList())
        .flatExtracting(Service::getNodesList)
        .extracting(Node::getId)
        .containsExactly("orders-a-1");
  }

  @Test
  void watchersNeverSeeChangesOfAnotherNamespace() throws Exception {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    ReceivedStream<Result> watchingB = new ReceivedStream<>();
    as(RegistryGrpc.newStub(channel), b.token())
        .watch(WatchRequest.getDefaultInstance(), watchingB);
    try {
      AtomicInteger probes = new AtomicInteger();
      // each nudge registers a new node: a repeated registration is a heartbeat, reported to no one
      Result probe =
          watchingB.firstAfter(
              () ->
                  registry(b)
                      .register(
                          register(
                              service(
                                  "probe", "probe-" + probes.incrementAndGet(), "10.1.0.9:1"))));
      assertThat(probe.getService().getName()).isEqualTo("probe");
      watchingB.drain();

      registry(a).register(register(service("orders", "orders-a-1", "10.0.0.1:9000")));
      registry(b).register(register(service("marker", "marker-1", "10.1.0.8:1")));

      Result next = watchingB.next();
      assertThat(next.getService().getName())
          .as("B's watcher gets B's change next, never A's registration made before it")
          .isEqualTo("marker");
      assertThat(next.getAction()).isEqualTo("create");
      assertThat(watchingB.drain())
          .extracting(r -> r.getService().getName())
          .doesNotContain("orders");
    } finally {
      watchingB.cancel();
    }
  }

  @Test
  void callsWithoutATokenAreUnauthenticated() {
    assertStatus(
        () ->
            RegistryGrpc.newBlockingStub(channel)
                .listServices(ListServicesRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "service:registry:Registry.ListServices",
        "no token");
    assertStatus(
        () ->
            anonymous(RegistryGrpc.newBlockingStub(channel), tenants.a().namespace())
                .register(register(service("orders", "n1", "10.0.0.1:1"))),
        Status.Code.UNAUTHENTICATED,
        "service:registry:Registry.Register",
        tenants.a().namespace());
  }

  @Test
  void aRuleDenyingRegisterForAScopeLeavesLookupsOpen() {
    Tenant client = tenants.anotherOfA("client", "lookup-only");
    registry(tenants.a()).register(register(service("orders", "orders-a-1", "10.0.0.1:9000")));
    tenants.denyInA("lookup-only", "registry", "Registry.Register");

    assertStatus(
        () -> registry(client).register(register(service("orders", "evil", "10.6.6.6:1"))),
        Status.Code.PERMISSION_DENIED,
        "'client'",
        "service:registry:Registry.Register",
        "deny-lookup-only-Registry-Register");
    assertThat(registry(client).getService(get("orders")).getServicesList())
        .flatExtracting(Service::getNodesList)
        .extracting(Node::getId)
        .containsExactly("orders-a-1");
  }

  @Test
  void badInputOverTheWireNamesTheField() {
    RegistryGrpc.RegistryBlockingStub a = registry(tenants.a());
    assertInvalid(() -> a.register(RegisterRequest.getDefaultInstance()), "service", "required");
    assertInvalid(
        () -> a.register(register(service("orders", "n1", "no-port"))), "service.nodes[0].address");
    assertInvalid(
        () -> a.register(register(service("orders", "", "10.0.0.1:1"))), "service.nodes[0].id");
    assertInvalid(
        () ->
            a.register(
                register(
                    service("orders", "n1", "10.0.0.1:1").toBuilder()
                        .addEndpoints(
                            Endpoint.newBuilder()
                                .setName("Orders.Create")
                                .setRequest(
                                    Value.newBuilder()
                                        .setName("CreateRequest")
                                        .setType("CreateRequest")
                                        .addValues(
                                            Value.newBuilder().setName("total").setType("money")))
                                .setResponse(
                                    Value.newBuilder().setName("Created").setType("Created")))
                        .build())),
        "service.endpoints[0].request.values[0].type",
        "unknown type 'money'");
    assertInvalid(
        () ->
            a.register(
                register(service("orders", "n1", "10.0.0.1:1")).toBuilder()
                    .setOptions(Options.newBuilder().setTtl(Duration.newBuilder().setSeconds(-5)))
                    .build()),
        "options.ttl");
    assertThat(a.listServices(ListServicesRequest.getDefaultInstance()).getServicesList())
        .as("no rejected registration left anything")
        .isEmpty();
  }

  @Test
  void theRegistryIsServed() throws Exception {
    assertThat(ServerReflection.services(channel)).contains("aloft.registry.v1.Registry");
  }
}
