package dev.aloft.e2e.server;

import static dev.aloft.e2e.server.PlatformCalls.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.aloft.api.auth.v1.Access;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.CreateRuleRequest;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.ListRulesRequest;
import dev.aloft.api.auth.v1.Resource;
import dev.aloft.api.auth.v1.Rule;
import dev.aloft.api.auth.v1.RulesGrpc;
import dev.aloft.api.config.v1.Change;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.HistoryRequest;
import dev.aloft.api.config.v1.Options;
import dev.aloft.api.config.v1.SetRequest;
import dev.aloft.api.config.v1.Value;
import dev.aloft.api.events.v1.AckRequest;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.ListServicesRequest;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.api.store.v1.Field;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.Record;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.api.store.v1.WriteOptions;
import dev.aloft.api.store.v1.WriteRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What was written through `./aloft server` is still there after the server is stopped (SIGTERM)
 * and started again on the same data directory: accounts, rules, store records, config values with
 * their history and secrets, event positions of consumer groups. The registry is in memory by
 * design (docs/registry.md): registrations are gone until services heartbeat again.
 */
class PlatformRestartIT {

  private static final String ADMIN_SECRET = "restart-admin-secret";
  private static final String NS = "acme";
  private static final String ALICE_SECRET = "alice-secret-1";
  private static final String READER_SECRET = "reader-secret-1";
  private static final String TOPIC = "orders.created";

  @TempDir Path tmp;

  private ManagedChannel channel;
  private int grpcPort;

  @Test
  void whatWasWrittenSurvivesARestartAndTheRegistryStartsEmpty() throws Exception {
    Path data = tmp.resolve("data");

    try (ServerProcess first = start(data, tmp.resolve("first.log"), ADMIN_SECRET)) {
      assertThat(data.resolve("admin-secret"))
          .as("with ALOFT_ADMIN_SECRET set nothing is written")
          .doesNotExist();
      connect();
      writeEverything();
      disconnect();
      first.stop();
    }

    // a different ALOFT_ADMIN_SECRET on a later start changes nothing (docs/auth.md)
    try (ServerProcess second = start(data, tmp.resolve("second.log"), "another-admin-secret")) {
      connect();
      checkEverything();
      disconnect();
    }
  }

  @Test
  void aGeneratedAdminSecretIsWrittenOnceWithMode0600AndPrintedOnlyOnTheFirstStart()
      throws Exception {
    Path data = tmp.resolve("data");
    Path secretFile = data.resolve("admin-secret");
    String secret;
    try (ServerProcess first = start(data, tmp.resolve("first.log"), null)) {
      assertThat(secretFile).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)))
          .isEqualTo("rw-------");
      secret = Files.readString(secretFile).trim();
      assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
      assertThat(first.output())
          .contains("Created the platform admin account 'admin'")
          .contains(secretFile.toString())
          .contains(secret);
      assertThat(occurrences(first.output(), secret)).as("printed exactly once").isEqualTo(1);
      first.stop();
    }

    try (ServerProcess second = start(data, tmp.resolve("second.log"), null)) {
      assertThat(second.output())
          .doesNotContain(secret)
          .doesNotContain("Created the platform admin account");
      assertThat(Files.readString(secretFile).trim()).isEqualTo(secret);
      connect();
      assertThat(PlatformCalls.token(channel, "default", "admin", secret)).isNotEmpty();
      disconnect();
    }
  }

  private void writeEverything() throws Exception {
    String admin = PlatformCalls.token(channel, "default", "admin", ADMIN_SECRET);
    as(AuthGrpc.newBlockingStub(channel), admin, NS)
        .generate(GenerateRequest.newBuilder().setId("alice").setSecret(ALICE_SECRET).build());
    as(AuthGrpc.newBlockingStub(channel), admin, NS)
        .generate(
            GenerateRequest.newBuilder()
                .setId("reader")
                .setSecret(READER_SECRET)
                .addScopes("readonly")
                .build());
    as(RulesGrpc.newBlockingStub(channel), admin, NS)
        .create(
            CreateRuleRequest.newBuilder()
                .setRule(
                    Rule.newBuilder()
                        .setId("readers-do-not-write")
                        .setScope("readonly")
                        .setResource(
                            Resource.newBuilder()
                                .setType("service")
                                .setName("store")
                                .setEndpoint("Store.Write"))
                        .setAccess(Access.DENIED)
                        .setPriority(10))
                .build());
    String alice = PlatformCalls.token(channel, NS, "alice", ALICE_SECRET);

    as(StoreGrpc.newBlockingStub(channel), alice)
        .write(
            WriteRequest.newBuilder()
                .setRecord(
                    Record.newBuilder()
                        .setKey("order-1")
                        .setValue(ByteString.copyFromUtf8("{\"total\":42}"))
                        .putMetadata(
                            "paid", Field.newBuilder().setType("bool").setValue("true").build()))
                .setOptions(WriteOptions.newBuilder().setTable("orders"))
                .build());

    assertThat(setConfig(alice, "orders.db.pool", "10", false)).isEqualTo(1);
    assertThat(setConfig(alice, "orders.db.pool", "20", false)).isEqualTo(2);
    assertThat(setConfig(alice, "orders.db.password", "\"hunter22\"", true)).isEqualTo(3);

    as(RegistryGrpc.newBlockingStub(channel), alice)
        .register(
            RegisterRequest.newBuilder()
                .setService(
                    Service.newBuilder()
                        .setName("orders")
                        .addNodes(Node.newBuilder().setId("orders-1").setAddress("127.0.0.1:9999")))
                .setOptions(
                    dev.aloft.api.registry.v1.Options.newBuilder()
                        .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(3600)))
                .build());
    assertThat(
            as(RegistryGrpc.newBlockingStub(channel), alice)
                .listServices(ListServicesRequest.getDefaultInstance())
                .getServicesList())
        .extracting(Service::getName)
        .containsExactly("orders");

    for (int i = 1; i <= 5; i++) {
      assertThat(publish(alice, "e" + i).getSequence()).isEqualTo(i);
    }
    // the group "billing" takes the first two events and acks them, then its consumer goes away
    try (Context.CancellableContext consuming = Context.current().withCancellation()) {
      Iterator<Event> events =
          consuming.call(
              () ->
                  as(StreamGrpc.newBlockingStub(channel), alice)
                      .consume(
                          ConsumeRequest.newBuilder()
                              .setTopic(TOPIC)
                              .setGroup("billing")
                              .setOffset(1)
                              .build()));
      for (String expected : List.of("e1", "e2")) {
        Event event = events.next();
        assertThat(event.getPayload().toStringUtf8()).isEqualTo(expected);
        ack(alice, event);
      }
      consuming.cancel(null);
    }
  }

  private void checkEverything() throws Exception {
    // accounts and the admin's first secret
    String admin = PlatformCalls.token(channel, "default", "admin", ADMIN_SECRET);
    assertThat(admin).isNotEmpty();
    assertCode(
        () -> PlatformCalls.token(channel, "default", "admin", "another-admin-secret"),
        Status.Code.UNAUTHENTICATED);
    String alice = PlatformCalls.token(channel, NS, "alice", ALICE_SECRET);
    String reader = PlatformCalls.token(channel, NS, "reader", READER_SECRET);

    // store
    Record record =
        as(StoreGrpc.newBlockingStub(channel), alice)
            .read(
                ReadRequest.newBuilder()
                    .setKey("order-1")
                    .setOptions(ReadOptions.newBuilder().setTable("orders"))
                    .build())
            .getRecords(0);
    assertThat(record.getValue().toStringUtf8()).isEqualTo("{\"total\":42}");
    assertThat(record.getMetadataMap().get("paid").getValue()).isEqualTo("true");

    // the rule still applies: readers read but do not write
    assertThat(
            as(RulesGrpc.newBlockingStub(channel), admin, NS)
                .list(ListRulesRequest.getDefaultInstance())
                .getRulesList())
        .extracting(Rule::getId)
        .contains("readers-do-not-write");
    assertThat(
            as(StoreGrpc.newBlockingStub(channel), reader)
                .read(
                    ReadRequest.newBuilder()
                        .setKey("order-1")
                        .setOptions(ReadOptions.newBuilder().setTable("orders"))
                        .build())
                .getRecordsCount())
        .isEqualTo(1);
    StatusRuntimeException denied =
        assertCode(
            () ->
                as(StoreGrpc.newBlockingStub(channel), reader)
                    .write(
                        WriteRequest.newBuilder()
                            .setRecord(Record.newBuilder().setKey("order-2"))
                            .setOptions(WriteOptions.newBuilder().setTable("orders"))
                            .build()),
            Status.Code.PERMISSION_DENIED);
    assertThat(denied.getStatus().getDescription()).contains("readers-do-not-write");

    // config: current values, the secret masked unless asked for, the history of versions
    ConfigGrpc.ConfigBlockingStub config = as(ConfigGrpc.newBlockingStub(channel), alice);
    assertThat(getConfig(alice, "orders.db.pool", false, 0)).isEqualTo("20");
    assertThat(getConfig(alice, "orders.db.pool", false, 1)).isEqualTo("10");
    assertThat(getConfig(alice, "orders.db.password", false, 0)).isEqualTo("\"[secret]\"");
    assertThat(getConfig(alice, "orders.db.password", true, 0)).isEqualTo("\"hunter22\"");
    List<Change> history =
        config
            .history(HistoryRequest.newBuilder().setPath("orders.db.pool").build())
            .getChangesList();
    assertThat(history).extracting(Change::getVersion).containsExactly(1L, 2L);
    assertThat(history).extracting(c -> c.getValue().getData()).containsExactly("10", "20");
    assertThat(setConfig(alice, "orders.db.pool", "30", false))
        .as("versions continue after the restart")
        .isEqualTo(4);

    // events: numbering continues; the group resumes after what it acked
    assertThat(publish(alice, "e6").getSequence()).isEqualTo(6);
    Set<String> received = new HashSet<>();
    List<String> inOrder = new ArrayList<>();
    try (Context.CancellableContext consuming = Context.current().withCancellation()) {
      Iterator<Event> events =
          consuming.call(
              () ->
                  as(StreamGrpc.newBlockingStub(channel), alice)
                      .consume(
                          ConsumeRequest.newBuilder()
                              .setTopic(TOPIC)
                              .setGroup("billing")
                              // delivered but unacked before the stop: due again soon
                              .setAckWait(com.google.protobuf.Duration.newBuilder().setSeconds(1))
                              .build()));
      while (received.size() < 4) {
        Event event = events.next();
        inOrder.add(event.getPayload().toStringUtf8());
        received.add(event.getPayload().toStringUtf8());
        ack(alice, event);
      }
      consuming.cancel(null);
    }
    assertThat(received)
        .as("the group continues after e1 and e2, which it acked: " + inOrder)
        .containsExactlyInAnyOrder("e3", "e4", "e5", "e6");

    // registry: in memory by design, so the registration made before the restart is gone
    RegistryGrpc.RegistryBlockingStub registry = as(RegistryGrpc.newBlockingStub(channel), alice);
    assertThat(registry.listServices(ListServicesRequest.getDefaultInstance()).getServicesList())
        .isEmpty();
    assertCode(
        () -> registry.getService(GetServiceRequest.newBuilder().setService("orders").build()),
        Status.Code.NOT_FOUND);
  }

  private long setConfig(String token, String path, String json, boolean secret) {
    return as(ConfigGrpc.newBlockingStub(channel), token)
        .set(
            SetRequest.newBuilder()
                .setPath(path)
                .setValue(Value.newBuilder().setData(json))
                .setOptions(Options.newBuilder().setSecret(secret))
                .build())
        .getVersion();
  }

  private String getConfig(String token, String path, boolean secret, long version) {
    return as(ConfigGrpc.newBlockingStub(channel), token)
        .get(
            GetRequest.newBuilder()
                .setPath(path)
                .setVersion(version)
                .setOptions(Options.newBuilder().setSecret(secret))
                .build())
        .getValue()
        .getData();
  }

  private Event publish(String token, String payload) {
    return as(StreamGrpc.newBlockingStub(channel), token)
        .publish(
            PublishRequest.newBuilder()
                .setTopic(TOPIC)
                .setPayload(ByteString.copyFromUtf8(payload))
                .build())
        .getEvent();
  }

  private void ack(String token, Event event) {
    as(StreamGrpc.newBlockingStub(channel), token)
        .ack(
            AckRequest.newBuilder()
                .setTopic(TOPIC)
                .setGroup("billing")
                .setId(event.getId())
                .build());
  }

  private static StatusRuntimeException assertCode(ThrowingCallable call, Status.Code code) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should have failed with " + code).isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    return e;
  }

  /** Starts `./aloft server` on free ports and this data directory, as a user would. */
  private ServerProcess start(Path data, Path log, String adminSecret) throws InterruptedException {
    grpcPort = ServerProcess.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("ALOFT_DATA_DIR", data.toString());
    env.put("ALOFT_HTTP_PORT", Integer.toString(ServerProcess.freePort()));
    env.put("ALOFT_GRPC_PORT", Integer.toString(grpcPort));
    if (adminSecret != null) {
      env.put("ALOFT_ADMIN_SECRET", adminSecret);
    }
    return ServerProcess.launch(log, env).awaitReady();
  }

  private void connect() {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      channel = null;
    }
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
