package dev.aloft.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.server.auth.AccountType;
import dev.aloft.server.auth.EmbeddedAccountStore;
import dev.aloft.server.auth.EmbeddedDatabase;
import dev.aloft.server.auth.EmbeddedRuleStore;
import dev.aloft.server.auth.LocalKeyTokens;
import dev.aloft.server.auth.LocalSigningKey;
import dev.aloft.server.auth.NamespaceRules;
import dev.aloft.server.auth.NewAccount;
import dev.aloft.server.registry.InMemoryRegistryBackend;
import dev.aloft.server.tenancy.CallAuthorizer;
import dev.aloft.server.tenancy.TenancyInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity proxy as the gRPC server's fallback, on a real Netty server whose calls arrive on
 * its event loop (as on Vert.x), real embedded accounts, rules and registry, and a real service
 * behind it: what must be fetched first is fetched on a worker, never on the event loop, and the
 * caller's request waits for it; once known, calls are forwarded on the loop itself.
 */
class ServiceProxyTest {

  @TempDir Path dir;
  private EmbeddedDatabase database;
  private EmbeddedAccountStore accounts;
  private LocalKeyTokens tokens;
  private final InMemoryRegistryBackend backend = new InMemoryRegistryBackend(Clock.systemUTC());
  private final ObservedRegistry registry = new ObservedRegistry(backend);
  private final AtomicInteger workerTasks = new AtomicInteger();
  private final ExecutorService workerThreads =
      Executors.newFixedThreadPool(2, task -> new Thread(task, "test-worker"));
  private final NioEventLoopGroup loops = new NioEventLoopGroup(1);
  private final NodeChannels channels = new NodeChannels(loops, NioSocketChannel::new);
  private ServiceNodes serviceNodes;
  private Server service;
  private Server proxyServer;
  private ManagedChannel client;

  @BeforeEach
  void start() throws Exception {
    database = new EmbeddedDatabase(dir);
    accounts = new EmbeddedAccountStore(database.dataSource());
    tokens =
        new LocalKeyTokens(
            LocalSigningKey.loadOrCreate(dir.resolve("auth")),
            accounts,
            Duration.ofMinutes(15),
            Duration.ofDays(7),
            Clock.systemUTC());
    NamespaceRules rules =
        new NamespaceRules(new EmbeddedRuleStore(database.dataSource()), Duration.ofMinutes(5));
    rules.provision("acme");
    serviceNodes = new ServiceNodes(registry, channels);
    ServiceProxy proxy =
        new ServiceProxy(
            new CallAuthorizer(tokens, rules),
            serviceNodes,
            channels,
            task -> {
              workerTasks.incrementAndGet();
              // late, so that the caller's request is there before the call is forwarded
              workerThreads.execute(
                  () -> {
                    sleep(100);
                    task.run();
                  });
            });
    service = ServerBuilder.forPort(0).addService(new ServingHealth()).build().start();
    backend.register(
        "acme",
        Service.newBuilder()
            .setName("health")
            .addNodes(Node.newBuilder().setId("h-1").setAddress("127.0.0.1:" + service.getPort()))
            .build(),
        Optional.empty());
    proxyServer =
        NettyServerBuilder.forPort(0)
            .bossEventLoopGroup(loops)
            .workerEventLoopGroup(loops)
            .channelType(NioServerSocketChannel.class)
            .directExecutor()
            .fallbackHandlerRegistry(new ProxyHandlerRegistry(proxy))
            .build()
            .start();
    client =
        ManagedChannelBuilder.forAddress("127.0.0.1", proxyServer.getPort()).usePlaintext().build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterEach
  void stop() throws Exception {
    client.shutdownNow();
    proxyServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    service.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    channels.close();
    backend.close();
    workerThreads.shutdownNow();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    database.close();
  }

  private HealthGrpc.HealthBlockingStub as(String token) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(TenancyInterceptor.AUTHORIZATION, "Bearer " + token);
    }
    headers.put(TenancyInterceptor.NAMESPACE, "acme");
    return HealthGrpc.newBlockingStub(client)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private String tokenOf(String id) {
    var account =
        accounts.create(
            "acme", new NewAccount(id, AccountType.USER, List.of(), Map.of()), "s-" + id);
    return tokens.issue(account, Duration.ZERO).accessToken();
  }

  @Test
  void whatMustBeFetchedIsFetchedOnAWorkerAndTheRequestWaitsForIt() {
    HealthCheckResponse answer =
        as(tokenOf("alice")).check(HealthCheckRequest.getDefaultInstance());

    assertThat(answer.getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(workerTasks).hasValue(1);
    assertThat(registry.readThreads()).containsExactly("test-worker");
  }

  @Test
  void onceEverythingIsKnownACallIsForwardedOnTheEventLoop() {
    String token = tokenOf("alice");
    as(token).check(HealthCheckRequest.getDefaultInstance());
    int tasks = workerTasks.get();

    for (int i = 0; i < 3; i++) {
      assertThat(as(token).check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
    }
    assertThat(workerTasks).hasValue(tasks);
    assertThat(registry.readThreads()).hasSize(1);
  }

  @Test
  void aRejectionDecidedOnAWorkerStillReachesTheCaller() {
    StatusRuntimeException rejected =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            StatusRuntimeException.class,
            () -> as("not-a-token").check(HealthCheckRequest.getDefaultInstance()));

    assertThat(rejected.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }
}
