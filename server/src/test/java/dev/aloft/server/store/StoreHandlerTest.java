package dev.aloft.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aloft.api.store.v1.DatabasesRequest;
import dev.aloft.api.store.v1.DatabasesResponse;
import dev.aloft.api.store.v1.DeleteOptions;
import dev.aloft.api.store.v1.DeleteRequest;
import dev.aloft.api.store.v1.DeleteResponse;
import dev.aloft.api.store.v1.Field;
import dev.aloft.api.store.v1.ListOptions;
import dev.aloft.api.store.v1.ListRequest;
import dev.aloft.api.store.v1.ListResponse;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.ReadResponse;
import dev.aloft.api.store.v1.Record;
import dev.aloft.api.store.v1.TablesRequest;
import dev.aloft.api.store.v1.TablesResponse;
import dev.aloft.api.store.v1.WriteOptions;
import dev.aloft.api.store.v1.WriteRequest;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Context;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store handler's edge: defaults of database and table from the caller, expiry resolution,
 * mapping onto status codes. Runs on the embedded backend.
 */
class StoreHandlerTest {

  static final Caller ORDERS_SERVICE =
      new Caller("orders", "acme", "acme", Set.of("service"), false);
  static final Caller ALICE_OF_ACME = new Caller("alice", "acme", "acme", Set.of(), false);
  static final Caller BOB_OF_GLOBEX = new Caller("bob", "globex", "globex", Set.of(), false);
  static final Caller ADMIN_IN_ACME = new Caller("root", "platform", "acme", Set.of("admin"), true);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private StoreBackend backend;
  private StoreHandler handler;
  private java.sql.Connection keepOpen;

  @BeforeEach
  void open() {
    Path directory = Path.of("target", "contract-data", "store-handler-" + UUID.randomUUID());
    backend = new EmbeddedStoreBackend(EmbeddedStoreContractTest.fileDatabase(directory), clock);
    handler = new StoreHandler(backend, clock);
    keepOpen = EmbeddedStoreContractTest.connect(EmbeddedStoreContractTest.fileDatabase(directory));
  }

  /** Keeps the H2 file open between calls, as the server's pool does. */
  @org.junit.jupiter.api.AfterEach
  void close() throws java.sql.SQLException {
    keepOpen.close();
  }

  @Test
  void aCallWithoutAVerifiedCallerIsUnauthenticated() {
    RecordingObserver<ReadResponse> responses = new RecordingObserver<>();
    handler.read(ReadRequest.newBuilder().setKey("k").build(), responses);

    assertThat(responses.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void databaseDefaultsToTheNamespaceAndTableToTheCallingService() {
    call(ORDERS_SERVICE, handler::write, write("k", "from the service")).single();
    call(ALICE_OF_ACME, handler::write, write("k", "from a user")).single();

    assertThat(backend.tables("acme", "acme")).containsExactly(StoreHandler.USER_TABLE, "orders");
    assertThat(text(backend.read("acme", "acme", "orders", "k").orElseThrow()))
        .isEqualTo("from the service");
    assertThat(text(backend.read("acme", "acme", "default", "k").orElseThrow()))
        .isEqualTo("from a user");
    assertThat(value(call(ORDERS_SERVICE, handler::read, read("k")).single()))
        .isEqualTo("from the service");
    assertThat(value(call(ALICE_OF_ACME, handler::read, read("k")).single()))
        .isEqualTo("from a user");
  }

  @Test
  void anAccountOfTypeServiceGetsItsOwnTableWithoutTheServiceScope() {
    Caller billing = new Caller("billing", "acme", "acme", Set.of(), false, true);
    call(billing, handler::write, write("k", "from billing")).single();

    assertThat(backend.tables("acme", "acme")).containsExactly("billing");
    assertThat(value(call(billing, handler::read, read("k")).single())).isEqualTo("from billing");
  }

  @Test
  void explicitDatabaseAndTableAreUsed() {
    WriteRequest request =
        write("k", "v").toBuilder()
            .setOptions(WriteOptions.newBuilder().setDatabase("acme.archive").setTable("orders"))
            .build();
    call(ALICE_OF_ACME, handler::write, request).single();

    DatabasesResponse databases =
        call(ALICE_OF_ACME, handler::databases, DatabasesRequest.getDefaultInstance()).single();
    TablesResponse tables =
        call(
                ALICE_OF_ACME,
                handler::tables,
                TablesRequest.newBuilder().setDatabase("acme.archive").build())
            .single();

    assertThat(databases.getDatabasesList()).containsExactly("acme.archive");
    assertThat(tables.getTablesList()).containsExactly("orders");
  }

  @Test
  void anotherNamespacesDatabaseIsPermissionDeniedAndAnAdminActsInTheChosenNamespace() {
    call(BOB_OF_GLOBEX, handler::write, write("k", "globex data")).single();

    ReadRequest intoGlobex =
        ReadRequest.newBuilder()
            .setKey("k")
            .setOptions(ReadOptions.newBuilder().setDatabase("globex").setTable("default"))
            .build();
    Status denied = call(ALICE_OF_ACME, handler::read, intoGlobex).status();
    assertThat(denied.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getDescription()).contains("database 'globex' is not in namespace 'acme'");

    // an admin acting in acme is held to acme like anyone acting there
    assertThat(call(ADMIN_IN_ACME, handler::read, intoGlobex).status().getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    call(ALICE_OF_ACME, handler::write, write("k", "acme data")).single();
    assertThat(value(call(ADMIN_IN_ACME, handler::read, read("k")).single()))
        .isEqualTo("acme data");
    assertThat(
            call(BOB_OF_GLOBEX, handler::databases, DatabasesRequest.getDefaultInstance())
                .single()
                .getDatabasesList())
        .containsExactly("globex");
  }

  @Test
  void missingKeysAreNotFoundNamingTheKey() {
    Status read = call(ALICE_OF_ACME, handler::read, read("nope")).status();
    Status delete =
        call(ALICE_OF_ACME, handler::delete, DeleteRequest.newBuilder().setKey("nope").build())
            .status();

    assertThat(read.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(read.getDescription())
        .isEqualTo("key 'nope' not found in table 'default' of database 'acme'");
    assertThat(delete.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(delete.getDescription()).contains("'nope'");
  }

  @Test
  void deleteRemovesTheRecord() {
    call(ALICE_OF_ACME, handler::write, write("k", "v")).single();
    DeleteResponse deleted =
        call(
                ALICE_OF_ACME,
                handler::delete,
                DeleteRequest.newBuilder()
                    .setKey("k")
                    .setOptions(DeleteOptions.newBuilder().setTable("default"))
                    .build())
            .single();

    assertThat(deleted).isNotNull();
    assertThat(call(ALICE_OF_ACME, handler::read, read("k")).status().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void ttlExpiresTheRecordAndReadsReportTheSecondsLeft() {
    WriteRequest request =
        write("session", "s").toBuilder().setOptions(WriteOptions.newBuilder().setTtl(10)).build();
    call(ALICE_OF_ACME, handler::write, request).single();

    assertThat(
            call(ALICE_OF_ACME, handler::read, read("session")).single().getRecords(0).getExpiry())
        .isEqualTo(10);
    clock.advance(Duration.ofMillis(4500));
    assertThat(
            call(ALICE_OF_ACME, handler::read, read("session")).single().getRecords(0).getExpiry())
        .isEqualTo(6);
    clock.advance(Duration.ofMillis(5500));
    assertThat(call(ALICE_OF_ACME, handler::read, read("session")).status().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void expiryPrecedenceIsOptionsExpiryThenOptionsTtlThenRecordExpiry() {
    long at = clock.instant().getEpochSecond() + 100;
    WriteRequest all =
        WriteRequest.newBuilder()
            .setRecord(record("a", "v").toBuilder().setExpiry(300))
            .setOptions(WriteOptions.newBuilder().setExpiry(at).setTtl(200))
            .build();
    WriteRequest ttlAndRecord =
        WriteRequest.newBuilder()
            .setRecord(record("b", "v").toBuilder().setExpiry(300))
            .setOptions(WriteOptions.newBuilder().setTtl(200))
            .build();
    WriteRequest recordOnly =
        WriteRequest.newBuilder().setRecord(record("c", "v").toBuilder().setExpiry(300)).build();
    call(ALICE_OF_ACME, handler::write, all).single();
    call(ALICE_OF_ACME, handler::write, ttlAndRecord).single();
    call(ALICE_OF_ACME, handler::write, recordOnly).single();

    assertThat(expiryOf("a")).isEqualTo(100);
    assertThat(expiryOf("b")).isEqualTo(200);
    assertThat(expiryOf("c")).isEqualTo(300);
    assertThat(call(ALICE_OF_ACME, handler::write, write("d", "v")).single()).isNotNull();
    assertThat(expiryOf("d")).isZero();
  }

  @Test
  void badExpiryIsInvalidArgumentNamingTheField() {
    assertInvalid(
        write("k", "v").toBuilder()
            .setOptions(WriteOptions.newBuilder().setExpiry(clock.instant().getEpochSecond() - 1))
            .build(),
        "options.expiry");
    assertInvalid(
        write("k", "v").toBuilder().setOptions(WriteOptions.newBuilder().setExpiry(-5)).build(),
        "options.expiry");
    assertInvalid(
        write("k", "v").toBuilder().setOptions(WriteOptions.newBuilder().setTtl(-1)).build(),
        "options.ttl");
    assertInvalid(
        write("k", "v").toBuilder()
            .setOptions(WriteOptions.newBuilder().setTtl(Long.MAX_VALUE))
            .build(),
        "options.ttl");
    assertInvalid(
        WriteRequest.newBuilder().setRecord(record("k", "v").toBuilder().setExpiry(-2)).build(),
        "record.expiry");
    assertThat(call(ALICE_OF_ACME, handler::read, read("k")).status().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void badRecordsAreInvalidArgumentNamingTheField() {
    assertInvalid(WriteRequest.getDefaultInstance(), "record is required");
    assertInvalid(
        WriteRequest.newBuilder()
            .setRecord(
                record("k", "v").toBuilder()
                    .putMetadata("id", Field.newBuilder().setType("uuid").setValue("x").build()))
            .build(),
        "record.metadata[\"id\"].type");
    assertInvalid(
        WriteRequest.newBuilder()
            .setRecord(
                Record.newBuilder()
                    .setKey("big")
                    .setValue(ByteString.copyFrom(new byte[StoreLimits.MAX_VALUE_BYTES + 1])))
            .build(),
        "record.value");
    assertInvalid(WriteRequest.newBuilder().setRecord(record("", "v")).build(), "record.key");
    assertInvalid(
        write("k", "v").toBuilder().setOptions(WriteOptions.newBuilder().setTable("a b")).build(),
        "table");
  }

  @Test
  void metadataRoundTrips() {
    WriteRequest request =
        WriteRequest.newBuilder()
            .setRecord(
                record("k", "v").toBuilder()
                    .putMetadata("n", Field.newBuilder().setType("int64").setValue("7").build()))
            .build();
    call(ALICE_OF_ACME, handler::write, request).single();

    Record read = call(ALICE_OF_ACME, handler::read, read("k")).single().getRecords(0);
    assertThat(read.getMetadataMap())
        .containsEntry("n", Field.newBuilder().setType("int64").setValue("7").build());
  }

  @Test
  void prefixReadsPageWithLimitAndOffset() {
    for (String key : List.of("user:1", "user:2", "user:3", "order:1")) {
      call(ALICE_OF_ACME, handler::write, write(key, "v-" + key)).single();
    }
    ReadRequest page =
        ReadRequest.newBuilder()
            .setKey("user:")
            .setOptions(ReadOptions.newBuilder().setPrefix(true).setLimit(2).setOffset(1))
            .build();
    ReadRequest bySuffix =
        ReadRequest.newBuilder()
            .setKey(":1")
            .setOptions(ReadOptions.newBuilder().setSuffix(true))
            .build();
    ReadRequest noMatch =
        ReadRequest.newBuilder()
            .setKey("zzz")
            .setOptions(ReadOptions.newBuilder().setPrefix(true))
            .build();

    assertThat(call(ALICE_OF_ACME, handler::read, page).single().getRecordsList())
        .extracting(Record::getKey)
        .containsExactly("user:2", "user:3");
    assertThat(call(ALICE_OF_ACME, handler::read, bySuffix).single().getRecordsList())
        .extracting(Record::getKey)
        .containsExactly("order:1", "user:1");
    assertThat(call(ALICE_OF_ACME, handler::read, noMatch).single().getRecordsList()).isEmpty();
  }

  @Test
  void listStreamsKeysInBatches() {
    for (int i = 0; i < 250; i++) {
      backend.write(
          "acme",
          "acme",
          "default",
          new StoreRecord(String.format("k%03d", i), new byte[] {1}, java.util.Map.of(), null));
    }

    RecordingObserver<ListResponse> all =
        call(ALICE_OF_ACME, handler::list, ListRequest.getDefaultInstance());
    RecordingObserver<ListResponse> some =
        call(
            ALICE_OF_ACME,
            handler::list,
            ListRequest.newBuilder()
                .setOptions(ListOptions.newBuilder().setPrefix("k1").setSuffix("5").setLimit(3))
                .build());
    RecordingObserver<ListResponse> none =
        call(
            ALICE_OF_ACME,
            handler::list,
            ListRequest.newBuilder().setOptions(ListOptions.newBuilder().setPrefix("x")).build());

    assertThat(all.completed).isTrue();
    assertThat(all.messages).extracting(ListResponse::getKeysCount).containsExactly(100, 100, 50);
    assertThat(all.messages.get(0).getKeys(0)).isEqualTo("k000");
    assertThat(all.messages.get(2).getKeys(49)).isEqualTo("k249");
    assertThat(some.messages.get(0).getKeysList()).containsExactly("k105", "k115", "k125");
    assertThat(none.completed).isTrue();
    assertThat(none.messages).isEmpty();
  }

  @Test
  void hugeUnsignedLimitsAreInvalidArgument() {
    RecordingObserver<ListResponse> list =
        call(
            ALICE_OF_ACME,
            handler::list,
            ListRequest.newBuilder().setOptions(ListOptions.newBuilder().setLimit(-1L)).build());

    assertThat(list.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(list.status().getDescription())
        .isEqualTo("options.limit 18446744073709551615 is too large");
  }

  private long expiryOf(String key) {
    return call(ALICE_OF_ACME, handler::read, read(key)).single().getRecords(0).getExpiry();
  }

  private void assertInvalid(WriteRequest request, String field) {
    Status status = call(ALICE_OF_ACME, handler::write, request).status();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith(field);
  }

  private static <Q, R> RecordingObserver<R> call(
      Caller caller, BiConsumer<Q, RecordingObserver<R>> method, Q request) {
    RecordingObserver<R> responses = new RecordingObserver<>();
    Context.current()
        .withValue(Caller.CONTEXT_KEY, caller)
        .run(() -> method.accept(request, responses));
    return responses;
  }

  private static Record record(String key, String value) {
    return Record.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
  }

  private static WriteRequest write(String key, String value) {
    return WriteRequest.newBuilder().setRecord(record(key, value)).build();
  }

  private static ReadRequest read(String key) {
    return ReadRequest.newBuilder().setKey(key).build();
  }

  private static String value(ReadResponse response) {
    return response.getRecords(0).getValue().toStringUtf8();
  }

  private static String text(StoreRecord record) {
    return new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
