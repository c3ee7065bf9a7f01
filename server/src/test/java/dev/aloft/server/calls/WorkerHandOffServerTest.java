package dev.aloft.server.calls;

import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aloft.api.auth.v1.AccountsGrpc;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.InspectRequest;
import dev.aloft.api.auth.v1.ListAccountsRequest;
import dev.aloft.api.auth.v1.ListRulesRequest;
import dev.aloft.api.auth.v1.RulesGrpc;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.api.registry.v1.ListServicesRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.runtime.v1.ReadRequest;
import dev.aloft.api.runtime.v1.RuntimeGrpc;
import dev.aloft.api.store.v1.DatabasesRequest;
import dev.aloft.api.store.v1.ListRequest;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.server.tenancy.TestCallers;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In the running server: every platform service's calls start on a worker thread, not on the gRPC
 * event loop, with the interceptors of the default priority (the tenancy check's) inside the
 * hand-off. Seen by {@link ThreadProbe}, which sits where the tenancy interceptor sits.
 */
@QuarkusTest
class WorkerHandOffServerTest {

  @Inject ThreadProbe probe;

  @ConfigProperty(name = "quarkus.grpc.server.test-port")
  int grpcPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  private ManagedChannel channel;
  private String admin;

  @BeforeEach
  void connect() {
    channel = TestCallers.channel(grpcPort);
    admin = TestCallers.adminToken(channel, dataDir);
    probe.started().clear();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** STUB as the platform admin, with the probe's header. */
  private <S extends AbstractStub<S>> S probed(S stub) {
    Metadata headers = new Metadata();
    headers.put(ThreadProbe.HEADER, "yes");
    return as(stub, admin).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** Runs CALL; its answer does not matter here, only where it started. */
  private static void call(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException answered) {
      // started all the same
    }
  }

  @Test
  void everyPlatformServiceStartsItsCallsOnAWorker() {
    call(
        () ->
            probed(AuthGrpc.newBlockingStub(channel))
                .inspect(InspectRequest.newBuilder().setToken(admin).build()));
    call(
        () ->
            probed(AccountsGrpc.newBlockingStub(channel))
                .list(ListAccountsRequest.getDefaultInstance()));
    call(
        () ->
            probed(RulesGrpc.newBlockingStub(channel)).list(ListRulesRequest.getDefaultInstance()));
    call(
        () ->
            probed(RegistryGrpc.newBlockingStub(channel))
                .listServices(ListServicesRequest.getDefaultInstance()));
    call(
        () ->
            probed(ConfigGrpc.newBlockingStub(channel))
                .get(GetRequest.newBuilder().setPath("probe.path").build()));
    call(
        () ->
            probed(StoreGrpc.newBlockingStub(channel))
                .databases(DatabasesRequest.getDefaultInstance()));
    call(
        () ->
            probed(StoreGrpc.newBlockingStub(channel))
                .list(ListRequest.getDefaultInstance())
                .forEachRemaining(batch -> {}));
    call(
        () ->
            probed(StreamGrpc.newBlockingStub(channel))
                .publish(
                    PublishRequest.newBuilder()
                        .setTopic("probe")
                        .setPayload(ByteString.copyFromUtf8("{}"))
                        .build()));
    call(() -> probed(RuntimeGrpc.newBlockingStub(channel)).read(ReadRequest.getDefaultInstance()));

    assertThat(probe.started())
        .hasSize(9)
        .allSatisfy(started -> assertThat(started).contains(" on executor-thread-"));
    assertThat(
            probe.started().stream()
                .map(started -> started.substring(0, started.indexOf('/')))
                .collect(Collectors.toSet()))
        .isEqualTo(WorkerHandOff.SERVICES);
  }
}
