package dev.aloft.server.store;

import static dev.aloft.server.calls.ExpectedStatus.assertInvalid;
import static dev.aloft.server.calls.ExpectedStatus.assertStatus;
import static dev.aloft.server.tenancy.TestCallers.anonymous;
import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aloft.api.store.v1.DatabasesRequest;
import dev.aloft.api.store.v1.DeleteRequest;
import dev.aloft.api.store.v1.Field;
import dev.aloft.api.store.v1.ListOptions;
import dev.aloft.api.store.v1.ListRequest;
import dev.aloft.api.store.v1.ListResponse;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.Record;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.api.store.v1.TablesRequest;
import dev.aloft.api.store.v1.WriteOptions;
import dev.aloft.api.store.v1.WriteRequest;
import dev.aloft.server.calls.ServerReflection;
import dev.aloft.server.tenancy.TestCallers;
import dev.aloft.server.tenancy.TwoTenants;
import dev.aloft.server.tenancy.TwoTenants.Tenant;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store service in the running server over real gRPC, called with real tokens of two tenants:
 * every call passes the tenancy interceptor and reaches only the records of the token's namespace.
 */
@QuarkusTest
class StoreServiceTest {

  @Inject StoreBackend backend;
  @Inject StoreExpirySweeper sweeper;

  @ConfigProperty(name = "quarkus.grpc.server.test-port")
  int grpcPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  private ManagedChannel channel;
  private TwoTenants tenants;

  @BeforeEach
  void connect() {
    channel = TestCallers.channel(grpcPort);
    tenants = TwoTenants.create(channel, dataDir, "store");
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private StoreGrpc.StoreBlockingStub store(Tenant tenant) {
    return as(StoreGrpc.newBlockingStub(channel), tenant.token());
  }

  private static WriteRequest write(String key, String value) {
    return WriteRequest.newBuilder()
        .setRecord(Record.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)))
        .build();
  }

  private static ReadRequest read(String key) {
    return ReadRequest.newBuilder().setKey(key).build();
  }

  private static String valueOf(StoreGrpc.StoreBlockingStub store, String key) {
    return store.read(read(key)).getRecords(0).getValue().toStringUtf8();
  }

  private static List<String> keys(StoreGrpc.StoreBlockingStub store) {
    List<String> keys = new ArrayList<>();
    store
        .list(ListRequest.newBuilder().setOptions(ListOptions.getDefaultInstance()).build())
        .forEachRemaining((ListResponse batch) -> keys.addAll(batch.getKeysList()));
    return keys;
  }

  @Test
  void aTokenWorksInItsNamespaceAndIsRefusedInAnother() {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    store(a).write(write("order-1", "{\"total\":3}"));
    assertThat(valueOf(store(a), "order-1")).isEqualTo("{\"total\":3}");

    StoreGrpc.StoreBlockingStub aActingInB =
        as(StoreGrpc.newBlockingStub(channel), a.token(), b.namespace());
    assertStatus(
        () -> aActingInB.read(read("order-1")),
        Status.Code.PERMISSION_DENIED,
        "'alice' of namespace '" + a.namespace() + "'",
        "may not act in namespace '" + b.namespace() + "'");
    assertStatus(
        () -> aActingInB.write(write("planted", "x")),
        Status.Code.PERMISSION_DENIED,
        b.namespace());
    assertThat(keys(store(b))).isEmpty();
  }

  @Test
  void recordsOfOneNamespaceAreInvisibleInAnother() {
    Tenant a = tenants.a();
    Tenant b = tenants.b();
    store(a).write(write("shared-key", "a's value"));
    store(a).write(write("only-in-a", "a"));
    store(b).write(write("shared-key", "b's value"));

    assertThat(valueOf(store(a), "shared-key")).isEqualTo("a's value");
    assertThat(valueOf(store(b), "shared-key")).isEqualTo("b's value");
    assertStatus(
        () -> store(b).read(read("only-in-a")),
        Status.Code.NOT_FOUND,
        "only-in-a",
        "database '" + b.namespace() + "'");
    assertThat(keys(store(b))).containsExactly("shared-key");
    assertThat(
            store(b)
                .read(
                    ReadRequest.newBuilder()
                        .setKey("")
                        .setOptions(ReadOptions.newBuilder().setPrefix(true))
                        .build())
                .getRecordsList())
        .extracting(Record::getKey)
        .containsExactly("shared-key");
    assertStatus(
        () -> store(b).delete(DeleteRequest.newBuilder().setKey("only-in-a").build()),
        Status.Code.NOT_FOUND,
        "only-in-a");
    assertThat(store(b).databases(DatabasesRequest.getDefaultInstance()).getDatabasesList())
        .containsExactly(b.namespace());

    // naming A's database from B is refused, not silently mapped
    assertStatus(
        () ->
            store(b)
                .read(
                    ReadRequest.newBuilder()
                        .setKey("only-in-a")
                        .setOptions(ReadOptions.newBuilder().setDatabase(a.namespace()))
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "database '" + a.namespace() + "'");
    assertThat(valueOf(store(a), "only-in-a")).isEqualTo("a");
  }

  @Test
  void aServiceAccountWritesToItsOwnTableAndUsersToDefault() {
    Tenant orders = tenants.serviceOfA("orders");
    store(orders).write(write("order-1", "from the service"));
    store(tenants.a()).write(write("note-1", "from a user"));

    assertThat(store(tenants.a()).tables(TablesRequest.getDefaultInstance()).getTablesList())
        .containsExactly("default", "orders");
    assertThat(valueOf(store(orders), "order-1")).isEqualTo("from the service");
    assertStatus(() -> store(orders).read(read("note-1")), Status.Code.NOT_FOUND, "table 'orders'");
  }

  @Test
  void callsWithoutATokenAreUnauthenticated() {
    assertStatus(
        () -> StoreGrpc.newBlockingStub(channel).read(read("k")),
        Status.Code.UNAUTHENTICATED,
        "service:store:Store.Read",
        "no token");
    assertStatus(
        () ->
            anonymous(StoreGrpc.newBlockingStub(channel), tenants.a().namespace())
                .write(write("k", "v")),
        Status.Code.UNAUTHENTICATED,
        "service:store:Store.Write",
        tenants.a().namespace());
  }

  @Test
  void aRuleDenyingWriteForAScopeLeavesReadOpen() {
    Tenant reader = tenants.anotherOfA("reader", "readonly");
    store(tenants.a())
        .write(
            write("k", "v1").toBuilder()
                .setOptions(WriteOptions.newBuilder().setTable("shared"))
                .build());
    tenants.denyInA("readonly", "store", "Store.Write");

    assertStatus(
        () ->
            store(reader)
                .write(
                    write("k", "v2").toBuilder()
                        .setOptions(WriteOptions.newBuilder().setTable("shared"))
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "'reader'",
        "service:store:Store.Write",
        "rule 'deny-readonly-Store-Write' denies it");
    assertThat(
            store(reader)
                .read(
                    ReadRequest.newBuilder()
                        .setKey("k")
                        .setOptions(ReadOptions.newBuilder().setTable("shared"))
                        .build())
                .getRecords(0)
                .getValue()
                .toStringUtf8())
        .isEqualTo("v1");
    // accounts without the scope still write
    store(tenants.a()).write(write("k", "v3"));
  }

  @Test
  void badInputOverTheWireNamesTheField() {
    StoreGrpc.StoreBlockingStub a = store(tenants.a());
    assertInvalid(() -> a.write(WriteRequest.getDefaultInstance()), "record", "required");
    assertInvalid(() -> a.write(write("", "v")), "record.key", "required");
    assertInvalid(() -> a.read(read("")), "key", "required");
    assertInvalid(
        () ->
            a.write(
                WriteRequest.newBuilder()
                    .setRecord(
                        Record.newBuilder()
                            .setKey("k")
                            .putMetadata(
                                "id", Field.newBuilder().setType("uuid").setValue("x").build()))
                    .build()),
        "record.metadata[\"id\"].type",
        "'uuid' is not a metadata type");
    assertInvalid(
        () -> a.write(write("k", "x".repeat(1_048_577))), "record.value", "1048577 bytes", "1 MiB");
    assertInvalid(
        () ->
            a.write(
                write("k", "v").toBuilder()
                    .setOptions(WriteOptions.newBuilder().setTable("bad table"))
                    .build()),
        "table");
    assertThat(keys(a)).as("no rejected write left anything").isEmpty();
  }

  @Test
  void storeIsServedAndTheSweeperRemovesExpiredRecordsFromTheServerDatabase() throws Exception {
    assertThat(ServerReflection.services(channel)).contains("aloft.store.v1.Store");

    String namespace = TestCallers.newNamespace("startup");
    byte[] value = "v".getBytes(StandardCharsets.UTF_8);
    backend.write(namespace, namespace, "t", new StoreRecord("live", value, Map.of(), null));
    backend.write(
        namespace,
        namespace,
        "t",
        new StoreRecord("gone", value, Map.of(), Instant.now().minusSeconds(1)));

    sweeper.sweep();

    assertThat(backend.read(namespace, namespace, "t", "live")).isPresent();
    // the expired row is gone from the table, not merely hidden: a sweep has nothing left to remove
    assertThat(backend.deleteExpired()).isZero();
    assertThat(backend.list(namespace, namespace, "t", KeyQuery.all())).containsExactly("live");
  }
}
