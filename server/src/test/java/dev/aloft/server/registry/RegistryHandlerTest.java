package dev.aloft.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.registry.v1.DeregisterRequest;
import dev.aloft.api.registry.v1.DeregisterResponse;
import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.GetServiceResponse;
import dev.aloft.api.registry.v1.ListServicesRequest;
import dev.aloft.api.registry.v1.ListServicesResponse;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Options;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegisterResponse;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.api.registry.v1.WatchRequest;
import dev.aloft.server.calls.RecordedCall;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Context;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC edge of the registry over the in-memory backend. */
class RegistryHandlerTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Caller ACME = new Caller("acct-1", "acme", "acme", Set.of("service"), false);
  private static final Caller GLOBEX =
      new Caller("acct-2", "globex", "globex", Set.of("service"), false);

  private TestClock clock;
  private InMemoryRegistryBackend backend;
  private RegistryHandler handler;

  @BeforeEach
  void start() {
    clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    backend = new InMemoryRegistryBackend(clock);
    handler = new RegistryHandler(backend);
  }

  @AfterEach
  void stop() {
    backend.close();
  }

  private static void as(Caller caller, Runnable call) {
    Context.current().withValue(Caller.CONTEXT_KEY, caller).run(call);
  }

  private static Service orders(String address) {
    return Service.newBuilder()
        .setName("orders")
        .setVersion("1.0")
        .addNodes(Node.newBuilder().setId("orders-1").setAddress(address))
        .build();
  }

  private RecordedCall<RegisterResponse> register(Caller caller, RegisterRequest request) {
    RecordedCall<RegisterResponse> call = new RecordedCall<>();
    as(caller, () -> handler.register(request, call));
    return call;
  }

  private RecordedCall<GetServiceResponse> get(Caller caller, String name) {
    RecordedCall<GetServiceResponse> call = new RecordedCall<>();
    as(
        caller,
        () -> handler.getService(GetServiceRequest.newBuilder().setService(name).build(), call));
    return call;
  }

  @Test
  void registerGetListAndDeregisterActInTheCallersNamespace() {
    register(ACME, RegisterRequest.newBuilder().setService(orders("10.0.0.1:9090")).build())
        .single();

    assertThat(get(ACME, "orders").single().getServicesList())
        .containsExactly(orders("10.0.0.1:9090"));
    RecordedCall<GetServiceResponse> elsewhere = get(GLOBEX, "orders");
    assertThat(elsewhere.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(elsewhere.status().getDescription()).startsWith("service: ");

    RecordedCall<ListServicesResponse> list = new RecordedCall<>();
    as(GLOBEX, () -> handler.listServices(ListServicesRequest.getDefaultInstance(), list));
    assertThat(list.single().getServicesList()).isEmpty();

    RecordedCall<DeregisterResponse> deregister = new RecordedCall<>();
    as(
        ACME,
        () ->
            handler.deregister(
                DeregisterRequest.newBuilder().setService(orders("")).build(), deregister));
    deregister.single();
    assertThat(get(ACME, "orders").status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void theTtlOptionMakesANodeExpire() {
    register(
            ACME,
            RegisterRequest.newBuilder()
                .setService(orders("10.0.0.1:9090"))
                .setOptions(
                    Options.newBuilder()
                        .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(30)))
                .build())
        .single();

    clock.advance(Duration.ofSeconds(29));
    assertThat(get(ACME, "orders").single().getServicesCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(get(ACME, "orders").status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void badInputIsInvalidArgumentNamingTheField() {
    RecordedCall<RegisterResponse> noService = register(ACME, RegisterRequest.getDefaultInstance());
    assertThat(noService.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noService.status().getDescription()).isEqualTo("service: is required");

    RecordedCall<RegisterResponse> badAddress =
        register(ACME, RegisterRequest.newBuilder().setService(orders("10.0.0.1")).build());
    assertThat(badAddress.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badAddress.status().getDescription()).startsWith("service.nodes[0].address: ");

    RecordedCall<RegisterResponse> negativeTtl =
        register(
            ACME,
            RegisterRequest.newBuilder()
                .setService(orders("10.0.0.1:1"))
                .setOptions(
                    Options.newBuilder()
                        .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(-3)))
                .build());
    assertThat(negativeTtl.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(negativeTtl.status().getDescription()).startsWith("options.ttl: ");

    RecordedCall<GetServiceResponse> noName = get(ACME, "");
    assertThat(noName.status().getDescription()).isEqualTo("service: is required");

    RecordedCall<Result> badWatch = new RecordedCall<>();
    as(ACME, () -> handler.watch(WatchRequest.newBuilder().setService("a b").build(), badWatch));
    assertThat(badWatch.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void watchStreamsTheCallersChangesUntilCancelled() throws Exception {
    RecordedCall<Result> watch = new RecordedCall<>();
    as(ACME, () -> handler.watch(WatchRequest.newBuilder().setService("orders").build(), watch));
    RecordedCall<Result> otherTenant = new RecordedCall<>();
    as(GLOBEX, () -> handler.watch(WatchRequest.getDefaultInstance(), otherTenant));

    register(ACME, RegisterRequest.newBuilder().setService(orders("10.0.0.1:1")).build());
    Result created = watch.next(WAIT);
    assertThat(created.getAction()).isEqualTo("create");
    assertThat(created.getService()).isEqualTo(orders("10.0.0.1:1"));
    assertThat(otherTenant.next(Duration.ofMillis(300))).isNull();

    watch.cancel();
    register(ACME, RegisterRequest.newBuilder().setService(orders("10.0.0.1:2")).build());
    assertThat(watch.next(Duration.ofMillis(300))).isNull();
    otherTenant.cancel();
  }

  @Test
  void aCallWithoutAVerifiedCallerIsUnauthenticated() {
    RecordedCall<RegisterResponse> call = new RecordedCall<>();
    handler.register(RegisterRequest.newBuilder().setService(orders("h:1")).build(), call);
    assertThat(call.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }
}
