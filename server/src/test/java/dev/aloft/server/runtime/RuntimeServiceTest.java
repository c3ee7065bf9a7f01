package dev.aloft.server.runtime;

import static dev.aloft.server.calls.ExpectedStatus.assertStatus;
import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.CreateRequest;
import dev.aloft.api.runtime.v1.DeleteRequest;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.LogsRequest;
import dev.aloft.api.runtime.v1.ReadRequest;
import dev.aloft.api.runtime.v1.RuntimeGrpc;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.Status;
import dev.aloft.api.runtime.v1.UpdateRequest;
import dev.aloft.server.tenancy.TestCallers;
import dev.aloft.server.tenancy.TwoTenants;
import dev.aloft.server.tenancy.TwoTenants.Tenant;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import javax.tools.JavaCompiler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime in the running server over real gRPC with real tokens: a service built by the
 * runtime-builder (a folder holding a runnable jar) is followed through Logs until running; another
 * tenant sees nothing of it; bad input and a remote caller's folder are refused.
 */
@QuarkusTest
class RuntimeServiceTest {

  @ConfigProperty(name = "quarkus.grpc.server.test-port")
  int grpcPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  @TempDir Path temp;

  private ManagedChannel channel;
  private TwoTenants tenants;

  @BeforeEach
  void connect() {
    channel = TestCallers.channel(grpcPort);
    tenants = TwoTenants.create(channel, dataDir, "runtime");
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private RuntimeGrpc.RuntimeBlockingStub runtime(Tenant tenant) {
    return as(RuntimeGrpc.newBlockingStub(channel), tenant.token())
        .withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  /** A folder with one runnable jar of the listener fixture: what the builder runs as it is. */
  private Path listenerJarFolder() throws IOException {
    Path classes = Files.createDirectories(temp.resolve("classes"));
    JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    int compiled =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            Path.of("src/test/resources/runtime-fixtures/listener/Main.java").toString());
    assertThat(compiled).isZero();
    Path folder = Files.createDirectories(temp.resolve("listener"));
    ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow();
    int packed =
        jar.run(
            System.out,
            System.err,
            "--create",
            "--file",
            folder.resolve("listener.jar").toString(),
            "--main-class",
            "Main",
            "-C",
            classes.toString(),
            ".");
    assertThat(packed).isZero();
    return folder;
  }

  private static CreateRequest create(String name, String source) {
    return CreateRequest.newBuilder()
        .setService(Service.newBuilder().setName(name).setSource(source).setVersion("1.0.0"))
        .setOptions(CreateOptions.newBuilder().putEnvVars("GREETING", "hello"))
        .build();
  }

  @Test
  void aServiceIsFollowedUntilRunningAndStaysInItsNamespace() throws Exception {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    Path folder = listenerJarFolder();

    Service created = runtime(a).create(create("listener", folder.toString())).getService();
    assertThat(created.getStatus()).isIn(Status.PENDING, Status.BUILDING);
    assertThat(created.getVersion()).isEqualTo("1.0.0");
    try {
      List<LogRecord> followed = new ArrayList<>();
      Iterator<LogRecord> logs =
          runtime(a).logs(LogsRequest.newBuilder().setService("listener").setStream(true).build());
      while (logs.hasNext()) {
        LogRecord record = logs.next();
        followed.add(record);
        if (record.getStatus() == Status.RUNNING || record.getStatus() == Status.ERROR) {
          break;
        }
      }
      assertThat(followed.stream().map(LogRecord::getStatus))
          .as("%s", followed)
          .containsSubsequence(Status.PENDING, Status.BUILDING, Status.STARTING, Status.RUNNING);
      assertThat(followed.stream().filter(r -> r.getSource().equals("build")))
          .anyMatch(r -> r.getMessage().startsWith("built: "));

      Service running =
          runtime(a).read(ReadRequest.newBuilder().setService("listener").build()).getServices(0);
      assertThat(running.getStatus()).isEqualTo(Status.RUNNING);
      assertThat(running.getSource()).isEqualTo(folder.toString());

      assertThat(runtime(b).read(ReadRequest.getDefaultInstance()).getServicesList()).isEmpty();
      assertStatus(
          () -> runtime(b).read(ReadRequest.newBuilder().setService("listener").build()),
          io.grpc.Status.Code.NOT_FOUND,
          "no service 'listener' runs in namespace '" + b.namespace() + "'");
      assertStatus(
          () -> runtime(b).delete(DeleteRequest.newBuilder().setService("listener").build()),
          io.grpc.Status.Code.NOT_FOUND,
          "no service 'listener'");
      assertStatus(
          () -> runtime(b).update(UpdateRequest.newBuilder().setService("listener").build()),
          io.grpc.Status.Code.NOT_FOUND,
          "no service 'listener'");
      assertStatus(
          () -> runtime(a).create(create("listener", folder.toString())),
          io.grpc.Status.Code.ALREADY_EXISTS,
          "service 'listener' already runs");
    } finally {
      System.out.println(
          "DEBUG " + runtime(a).read(ReadRequest.newBuilder().setService("listener").build()));
      runtime(a)
          .logs(LogsRequest.newBuilder().setService("listener").build())
          .forEachRemaining(
              r -> System.out.println("DEBUG " + r.getSource() + " " + r.getMessage()));
      runtime(a).delete(DeleteRequest.newBuilder().setService("listener").build());
    }
    assertThat(runtime(a).read(ReadRequest.getDefaultInstance()).getServicesList()).isEmpty();
  }

  @Test
  void badInputIsInvalidArgumentNamingTheField() {
    Tenant a = tenants.a();
    assertStatus(
        () -> runtime(a).create(CreateRequest.getDefaultInstance()),
        io.grpc.Status.Code.INVALID_ARGUMENT,
        "service: is required");
    assertStatus(
        () -> runtime(a).create(create("x", "relative/folder")),
        io.grpc.Status.Code.INVALID_ARGUMENT,
        "service.source: 'relative/folder' is a relative path");
    assertStatus(
        () -> runtime(a).create(create("bad name", "/tmp")),
        io.grpc.Status.Code.INVALID_ARGUMENT,
        "service.name: 'bad name' is not a service name");
    assertStatus(
        () ->
            runtime(a)
                .logs(LogsRequest.newBuilder().setService("x").setCount(-1).build())
                .hasNext(),
        io.grpc.Status.Code.INVALID_ARGUMENT,
        "count: must be 0 (all) or more");
  }

  @Test
  void aCallerOnAnotherAddressMayNotRunAFolderOfTheServer() throws Exception {
    Optional<InetAddress> external =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .filter(this::up)
            .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
            .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
            .findFirst();
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
    ManagedChannel remote =
        ManagedChannelBuilder.forAddress(external.get().getHostAddress(), grpcPort)
            .usePlaintext()
            .build();
    try {
      RuntimeGrpc.RuntimeBlockingStub stub =
          as(RuntimeGrpc.newBlockingStub(remote), tenants.a().token());
      assertStatus(
          () -> stub.create(create("listener", temp.toString())),
          io.grpc.Status.Code.INVALID_ARGUMENT,
          "the server runs folders only for callers on its own machine");
    } finally {
      remote.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private boolean up(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (java.net.SocketException e) {
      return false;
    }
  }
}
