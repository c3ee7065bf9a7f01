package dev.aloft.server.etcd;

import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.SetRequest;
import dev.aloft.api.config.v1.Value;
import dev.aloft.api.config.v1.WatchResponse;
import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.server.infra.PackagedServer;
import dev.aloft.server.tenancy.TestCallers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with registry and config on etcd, against an etcd of the test's own: an etcd
 * that is not there stops it at start with one line; an etcd that goes away later makes calls
 * UNAVAILABLE until it is back, then everything acknowledged before is still there and watches
 * deliver again.
 */
class EtcdOutageIT {

  private static final String NAMESPACE = "acme";

  /** Kept after the run (server and etcd logs) under target/, one folder per test. */
  private Path work;

  @BeforeEach
  void workDirectory() throws IOException {
    work =
        Files.createDirectories(Path.of("target", "etcd-outage-it", UUID.randomUUID().toString()));
  }

  @Test
  void anUnreachableEtcdStopsTheServerAtStartWithOneLineNamingIt() throws Exception {
    String nowhere = "http://127.0.0.1:" + PackagedServer.freePort();
    PackagedServer server = startServer(nowhere, work.resolve("data"), PackagedServer.freePort());

    int exitCode = server.awaitExit();
    String output = server.output();
    assertThat(exitCode).as(output).isNotZero();
    assertThat(output)
        .contains(
            "aloft server: etcd at "
                + nowhere
                + " is unreachable (connection refused); start it (infra/up) or set"
                + " aloft.etcd.endpoints")
        .doesNotContain("Aloft server ready")
        .doesNotContain("ERROR")
        .doesNotContain("Failed to start");
    assertThat(output.lines().filter(line -> line.contains("is unreachable"))).hasSize(1);
  }

  @Test
  void callsFailUnavailableWhileEtcdIsAwayAndRecoverWithNothingAcknowledgedLost() throws Exception {
    try (OwnEtcd etcd = new OwnEtcd(work)) {
      etcd.start();
      Path dataDir = work.resolve("data");
      int grpcPort = PackagedServer.freePort();
      PackagedServer server = startServer(etcd.endpoint(), dataDir, grpcPort);
      ManagedChannel channel = null;
      try {
        server.awaitReady();
        channel = TestCallers.channel(grpcPort);
        String admin = TestCallers.adminToken(channel, dataDir);
        ConfigGrpc.ConfigBlockingStub config =
            as(ConfigGrpc.newBlockingStub(channel), admin, NAMESPACE);
        RegistryGrpc.RegistryBlockingStub registry =
            as(RegistryGrpc.newBlockingStub(channel), admin, NAMESPACE);

        set(config, "orders.db.pool", "10");
        registry.register(register("orders-1", "10.0.0.1:9090"));
        BlockingQueue<WatchResponse> configChanges = new LinkedBlockingQueue<>();
        as(ConfigGrpc.newStub(channel), admin, NAMESPACE)
            .watch(
                dev.aloft.api.config.v1.WatchRequest.newBuilder().setPath("orders").build(),
                collect(configChanges));
        BlockingQueue<Result> registryChanges = new LinkedBlockingQueue<>();
        as(RegistryGrpc.newStub(channel), admin, NAMESPACE)
            .watch(
                dev.aloft.api.registry.v1.WatchRequest.newBuilder().setService("orders").build(),
                collect(registryChanges));
        // both watches deliver before the outage (they are running by the time these calls end)
        long beforeOutage = awaitWatched(config, configChanges, "orders.replicas", "2");
        registry.register(register("orders-0", "10.0.0.9:9090"));
        Result first = registryChanges.poll(60, TimeUnit.SECONDS);
        assertThat(first).as("a registry watch result before the outage").isNotNull();
        assertThat(first.getService().getNodes(0).getId()).isEqualTo("orders-0");

        etcd.stop();

        StatusRuntimeException whileAway =
            awaitFailure(() -> config.get(GetRequest.newBuilder().setPath("orders").build()));
        assertThat(whileAway.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(whileAway.getStatus().getDescription())
            .contains("etcd at " + etcd.endpoint() + " is unavailable");
        assertThatThrownBy(
                () ->
                    registry.getService(
                        GetServiceRequest.newBuilder().setService("orders").build()))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                  assertThat(e.getStatus().getDescription()).contains("etcd at " + etcd.endpoint());
                });
        assertThatThrownBy(() -> set(config, "orders.db.pool", "99"))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

        etcd.start();

        String pool =
            awaitSuccess(
                () ->
                    config
                        .get(GetRequest.newBuilder().setPath("orders.db.pool").build())
                        .getValue()
                        .getData());
        assertThat(pool).as("the value acknowledged before the outage").isEqualTo("10");
        assertThat(
                registry
                    .getService(GetServiceRequest.newBuilder().setService("orders").build())
                    .getServices(0)
                    .getNodesList())
            .extracting(Node::getId)
            .containsExactly("orders-0", "orders-1");

        long after = set(config, "orders.db.pool", "11");
        assertThat(after).isEqualTo(beforeOutage + 1);
        WatchResponse change = configChanges.poll(60, TimeUnit.SECONDS);
        assertThat(change).as("the config watch delivers again after the outage").isNotNull();
        assertThat(change.getChange().getVersion()).isEqualTo(after);
        assertThat(change.getChange().getValue().getData()).isEqualTo("11");

        registry.register(register("orders-2", "10.0.0.2:9090"));
        Result created = registryChanges.poll(60, TimeUnit.SECONDS);
        assertThat(created).as("the registry watch delivers again after the outage").isNotNull();
        assertThat(created.getAction()).isEqualTo("create");
        assertThat(created.getService().getNodes(0).getId()).isEqualTo("orders-2");
      } finally {
        if (channel != null) {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.close();
      }
    }
  }

  // ---- calls

  private static long set(ConfigGrpc.ConfigBlockingStub config, String path, String json) {
    return config
        .set(
            SetRequest.newBuilder()
                .setPath(path)
                .setValue(Value.newBuilder().setData(json))
                .build())
        .getVersion();
  }

  /**
   * Sets a value, retrying the set while the watch has not yet delivered one (the watch call may
   * still be on its way to the server); returns the version the watch saw.
   */
  private static long awaitWatched(
      ConfigGrpc.ConfigBlockingStub config,
      BlockingQueue<WatchResponse> changes,
      String path,
      String json)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      long version = set(config, path, json);
      WatchResponse seen = changes.poll(2, TimeUnit.SECONDS);
      if (seen != null) {
        assertThat(seen.getChange().getVersion()).isEqualTo(version);
        return version;
      }
    }
    throw new AssertionError("the config watch delivered nothing before the outage");
  }

  private static RegisterRequest register(String node, String address) {
    return RegisterRequest.newBuilder()
        .setService(
            Service.newBuilder()
                .setName("orders")
                .setVersion("1.0")
                .addNodes(Node.newBuilder().setId(node).setAddress(address)))
        .build();
  }

  private static <T> StreamObserver<T> collect(BlockingQueue<T> into) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        into.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  /** The first failure of {@code call}, retried while it still succeeds (for at most 60 s). */
  private static StatusRuntimeException awaitFailure(Supplier<?> call) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        call.get();
      } catch (StatusRuntimeException e) {
        return e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("calls kept succeeding with etcd stopped");
      }
      Thread.sleep(200);
    }
  }

  /** The first success of {@code call}, retried while it fails UNAVAILABLE (for at most 120 s). */
  private static <T> T awaitSuccess(Supplier<T> call) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(250);
    }
  }

  // ---- the server process

  /**
   * The packaged server with only the backends on etcd moved (the cluster profile would also need
   * Keycloak, PostgreSQL and NATS, which have outage tests of their own).
   */
  private static PackagedServer startServer(String etcdEndpoints, Path dataDir, int grpcPort)
      throws IOException {
    return PackagedServer.start(
        dataDir,
        List.of(
            "-Dquarkus.log.category.\"dev.aloft.server.etcd\".level=DEBUG",
            "-Daloft.registry.backend=etcd",
            "-Daloft.config.backend=etcd",
            "-Daloft.etcd.endpoints=" + etcdEndpoints,
            "-Daloft.etcd.timeout=3S"),
        grpcPort);
  }
}
