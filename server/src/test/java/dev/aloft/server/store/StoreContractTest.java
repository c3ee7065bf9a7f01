package dev.aloft.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.server.store.StoreRecord.MetadataField;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StoreBackend} does, whatever it stores in. A subclass per backend provides
 * fresh storage for each test and a way to reopen it as a restarted server would.
 */
abstract class StoreContractTest {

  static final String ACME = "acme";
  static final String GLOBEX = "globex";

  protected final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  protected StoreBackend store;

  /** The backend on new, empty storage. */
  protected abstract StoreBackend openFresh(Clock clock);

  /** A new backend instance on the storage {@link #openFresh} created, as after a restart. */
  protected abstract StoreBackend reopen(Clock clock);

  @BeforeEach
  void open() {
    store = openFresh(clock);
  }

  // ---- basics

  @Test
  void writtenRecordReadsBackWithValueAndMetadata() {
    store.write(
        ACME,
        ACME,
        "orders",
        record(
            "order-1",
            "{\"total\":10}",
            Map.of(
                "owner", new MetadataField("string", "alice"),
                "count", new MetadataField("int64", "3"),
                "paid", new MetadataField("bool", "true"),
                "ratio", new MetadataField("double", "0.5")),
            null));

    StoreRecord read = store.read(ACME, ACME, "orders", "order-1").orElseThrow();

    assertThat(read.key()).isEqualTo("order-1");
    assertThat(new String(read.value(), StandardCharsets.UTF_8)).isEqualTo("{\"total\":10}");
    assertThat(read.metadata())
        .containsEntry("owner", new MetadataField("string", "alice"))
        .containsEntry("count", new MetadataField("int64", "3"))
        .containsEntry("paid", new MetadataField("bool", "true"))
        .containsEntry("ratio", new MetadataField("double", "0.5"))
        .hasSize(4);
    assertThat(read.expiresAt()).isNull();
  }

  @Test
  void missingKeyReadsEmpty() {
    assertThat(store.read(ACME, ACME, "orders", "nope")).isEmpty();
  }

  @Test
  void writeReplacesTheRecordWithTheSameKey() {
    store.write(ACME, ACME, "t", record("k", "one", Map.of("a", field("x")), null));
    store.write(ACME, ACME, "t", record("k", "two", Map.of(), null));

    StoreRecord read = store.read(ACME, ACME, "t", "k").orElseThrow();
    assertThat(text(read)).isEqualTo("two");
    assertThat(read.metadata()).isEmpty();
    assertThat(store.list(ACME, ACME, "t", KeyQuery.all())).containsExactly("k");
  }

  @Test
  void valuesAreBytesAndKeysAreUnicode() {
    byte[] every = new byte[256];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    store.write(ACME, ACME, "t", new StoreRecord("bin", every, Map.of(), null));
    store.write(ACME, ACME, "t", new StoreRecord("empty", new byte[0], Map.of(), null));
    store.write(ACME, ACME, "t", record("clé/日本/🚀 spaces", "u", Map.of(), null));

    assertThat(store.read(ACME, ACME, "t", "bin").orElseThrow().value()).isEqualTo(every);
    assertThat(store.read(ACME, ACME, "t", "empty").orElseThrow().value()).isEmpty();
    assertThat(store.read(ACME, ACME, "t", "clé/日本/🚀 spaces")).isPresent();
  }

  @Test
  void deleteRemovesOnlyThatRecord() {
    store.write(ACME, ACME, "t", record("a", "1", Map.of(), null));
    store.write(ACME, ACME, "t", record("b", "2", Map.of(), null));

    assertThat(store.delete(ACME, ACME, "t", "a")).isTrue();
    assertThat(store.delete(ACME, ACME, "t", "a")).isFalse();
    assertThat(store.read(ACME, ACME, "t", "a")).isEmpty();
    assertThat(store.list(ACME, ACME, "t", KeyQuery.all())).containsExactly("b");
  }

  @Test
  void tablesOfOneDatabaseAreSeparate() {
    store.write(ACME, ACME, "orders", record("k", "order", Map.of(), null));
    store.write(ACME, ACME, "users", record("k", "user", Map.of(), null));
    store.write(ACME, "acme.archive", "orders", record("k", "old", Map.of(), null));

    assertThat(text(store.read(ACME, ACME, "orders", "k").orElseThrow())).isEqualTo("order");
    assertThat(text(store.read(ACME, ACME, "users", "k").orElseThrow())).isEqualTo("user");
    assertThat(text(store.read(ACME, "acme.archive", "orders", "k").orElseThrow()))
        .isEqualTo("old");
  }

  // ---- matching and paging

  @Test
  void prefixSuffixLimitAndOffsetSelectKeysInAscendingOrder() {
    for (String key : List.of("user:3", "user:1", "order:1", "user:2", "user:10", "x-user:1")) {
      store.write(ACME, ACME, "t", record(key, "v-" + key, Map.of(), null));
    }

    assertThat(store.list(ACME, ACME, "t", KeyQuery.all()))
        .containsExactly("order:1", "user:1", "user:10", "user:2", "user:3", "x-user:1");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("user:", "", 0, 0)))
        .containsExactly("user:1", "user:10", "user:2", "user:3");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("", ":1", 0, 0)))
        .containsExactly("order:1", "user:1", "x-user:1");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("user", "1", 0, 0)))
        .containsExactly("user:1");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("user:", "", 2, 0)))
        .containsExactly("user:1", "user:10");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("user:", "", 2, 3)))
        .containsExactly("user:3");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("user:", "", 0, 10))).isEmpty();

    List<StoreRecord> records = store.read(ACME, ACME, "t", new KeyQuery("user:", "", 2, 1));
    assertThat(records).extracting(StoreRecord::key).containsExactly("user:10", "user:2");
    assertThat(records)
        .extracting(StoreContractTest::text)
        .containsExactly("v-user:10", "v-user:2");
  }

  @Test
  void likeWildcardsInPrefixAndSuffixAreLiteral() {
    for (String key : List.of("a_b", "axb", "a%b", "a!b", "abb")) {
      store.write(ACME, ACME, "t", record(key, key, Map.of(), null));
    }

    assertThat(store.list(ACME, ACME, "t", new KeyQuery("a_", "", 0, 0))).containsExactly("a_b");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("a%", "", 0, 0))).containsExactly("a%b");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("a!", "", 0, 0))).containsExactly("a!b");
    assertThat(store.list(ACME, ACME, "t", new KeyQuery("", "_b", 0, 0))).containsExactly("a_b");
  }

  @Test
  void emptyTableListsNothing() {
    assertThat(store.list(ACME, ACME, "t", KeyQuery.all())).isEmpty();
    assertThat(store.read(ACME, ACME, "t", new KeyQuery("p", "", 0, 0))).isEmpty();
  }

  // ---- expiry

  @Test
  void expiredRecordsAreInvisibleAtOnceAndRemovedBySweep() {
    Instant expiry = clock.instant().plus(Duration.ofSeconds(10));
    store.write(ACME, ACME, "sessions", record("s1", "live", Map.of(), expiry));
    store.write(ACME, ACME, "sessions", record("s2", "forever", Map.of(), null));

    assertThat(store.read(ACME, ACME, "sessions", "s1").orElseThrow().expiresAt())
        .isEqualTo(expiry);
    assertThat(store.deleteExpired()).isZero();

    clock.advance(Duration.ofSeconds(10));

    assertThat(store.read(ACME, ACME, "sessions", "s1")).isEmpty();
    assertThat(store.list(ACME, ACME, "sessions", KeyQuery.all())).containsExactly("s2");
    assertThat(store.read(ACME, ACME, "sessions", new KeyQuery("s", "", 0, 0)))
        .extracting(StoreRecord::key)
        .containsExactly("s2");
    assertThat(store.delete(ACME, ACME, "sessions", "s1")).isFalse();
    assertThat(store.deleteExpired()).isEqualTo(1);
    assertThat(store.deleteExpired()).isZero();
    assertThat(store.read(ACME, ACME, "sessions", "s2")).isPresent();
  }

  @Test
  void expiredRecordsLeaveTablesAndDatabasesAndCanBeWrittenAgain() {
    store.write(
        ACME, "acme.cache", "c", record("k", "v", Map.of(), clock.instant().plusSeconds(1)));
    assertThat(store.databases(ACME)).containsExactly("acme.cache");

    clock.advance(Duration.ofSeconds(2));

    assertThat(store.databases(ACME)).isEmpty();
    assertThat(store.tables(ACME, "acme.cache")).isEmpty();

    store.write(ACME, "acme.cache", "c", record("k", "again", Map.of(), null));
    assertThat(text(store.read(ACME, "acme.cache", "c", "k").orElseThrow())).isEqualTo("again");
  }

  @Test
  void rewritingARecordWithoutExpiryMakesItPermanent() {
    store.write(ACME, ACME, "t", record("k", "v", Map.of(), clock.instant().plusSeconds(5)));
    store.write(ACME, ACME, "t", record("k", "v2", Map.of(), null));

    clock.advance(Duration.ofSeconds(6));

    assertThat(store.read(ACME, ACME, "t", "k").orElseThrow().expiresAt()).isNull();
  }

  // ---- databases and tables

  @Test
  void databasesAndTablesListWhatHoldsRecordsSorted() {
    store.write(ACME, ACME, "users", record("k", "v", Map.of(), null));
    store.write(ACME, ACME, "orders", record("k", "v", Map.of(), null));
    store.write(ACME, ACME, "orders", record("k2", "v", Map.of(), null));
    store.write(ACME, "acme.archive", "orders", record("k", "v", Map.of(), null));
    store.write(GLOBEX, GLOBEX, "secret-table", record("k", "v", Map.of(), null));

    assertThat(store.databases(ACME)).containsExactly(ACME, "acme.archive");
    assertThat(store.tables(ACME, ACME)).containsExactly("orders", "users");
    assertThat(store.tables(ACME, "acme.archive")).containsExactly("orders");
    assertThat(store.databases(GLOBEX)).containsExactly(GLOBEX);

    store.delete(ACME, ACME, "users", "k");
    assertThat(store.tables(ACME, ACME)).containsExactly("orders");
  }

  // ---- namespaces

  @Test
  void sameTableAndKeyInTwoNamespacesNeverMix() {
    store.write(ACME, ACME, "t", record("k", "acme's", Map.of(), null));
    store.write(GLOBEX, GLOBEX, "t", record("k", "globex's", Map.of(), null));
    store.write(GLOBEX, GLOBEX, "t", record("k2", "globex only", Map.of(), null));

    assertThat(text(store.read(ACME, ACME, "t", "k").orElseThrow())).isEqualTo("acme's");
    assertThat(text(store.read(GLOBEX, GLOBEX, "t", "k").orElseThrow())).isEqualTo("globex's");
    assertThat(store.list(ACME, ACME, "t", KeyQuery.all())).containsExactly("k");
    assertThat(store.read(ACME, ACME, "t", new KeyQuery("k", "", 0, 0))).hasSize(1);

    assertThat(store.delete(ACME, ACME, "t", "k2")).isFalse();
    assertThat(store.read(GLOBEX, GLOBEX, "t", "k2")).isPresent();
  }

  @Test
  void anotherNamespacesDatabaseIsPermissionDenied() {
    store.write(GLOBEX, GLOBEX, "t", record("k", "v", Map.of(), null));

    assertStatus(() -> store.read(ACME, GLOBEX, "t", "k"), Status.Code.PERMISSION_DENIED, GLOBEX);
    assertStatus(
        () -> store.write(ACME, GLOBEX, "t", record("k", "x", Map.of(), null)),
        Status.Code.PERMISSION_DENIED,
        "database");
    assertStatus(() -> store.delete(ACME, GLOBEX, "t", "k"), Status.Code.PERMISSION_DENIED, GLOBEX);
    assertStatus(
        () -> store.list(ACME, "globex.sub", "t", KeyQuery.all()),
        Status.Code.PERMISSION_DENIED,
        "globex.sub");
    assertStatus(() -> store.tables(ACME, GLOBEX), Status.Code.PERMISSION_DENIED, GLOBEX);
    // a database named like our namespace but longer is not ours either
    assertStatus(
        () -> store.read(ACME, "acmecorp", "t", "k"), Status.Code.PERMISSION_DENIED, "acmecorp");

    assertThat(text(store.read(GLOBEX, GLOBEX, "t", "k").orElseThrow())).isEqualTo("v");
  }

  @Test
  void aScopedDatabaseNameNeverMeetsANamespaceOfTheSameName() {
    // namespace "acme" may own database "acme.x"; a namespace literally called "acme.x" is another
    // tenant, whose default database has the same name: the two must stay apart.
    store.write(ACME, "acme.x", "t", record("k", "acme's", Map.of(), null));
    store.write("acme.x", "acme.x", "t", record("k", "the other tenant's", Map.of(), null));

    assertThat(text(store.read(ACME, "acme.x", "t", "k").orElseThrow())).isEqualTo("acme's");
    assertThat(text(store.read("acme.x", "acme.x", "t", "k").orElseThrow()))
        .isEqualTo("the other tenant's");
    assertThat(store.databases(ACME)).containsExactly("acme.x");
    assertThat(store.databases("acme.x")).containsExactly("acme.x");
  }

  // ---- bad input

  @Test
  void badKeysAreInvalidArgumentNamingTheField() {
    assertStatus(
        () -> store.read(ACME, ACME, "t", ""), Status.Code.INVALID_ARGUMENT, "key is required");
    assertStatus(
        () -> store.delete(ACME, ACME, "t", ""), Status.Code.INVALID_ARGUMENT, "key is required");
    assertStatus(
        () -> store.write(ACME, ACME, "t", record("", "v", Map.of(), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.key is required");
    assertStatus(
        () -> store.write(ACME, ACME, "t", record("k".repeat(1025), "v", Map.of(), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.key is 1025 bytes, the limit is 1024");
    assertStatus(
        () -> store.write(ACME, ACME, "t", record("é".repeat(513), "v", Map.of(), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.key is 1026 bytes");
    assertStatus(
        () -> store.read(ACME, ACME, "t", "a\u0000b"), Status.Code.INVALID_ARGUMENT, "key");
    assertStatus(
        () -> store.list(ACME, ACME, "t", new KeyQuery("p".repeat(1025), "", 0, 0)),
        Status.Code.INVALID_ARGUMENT,
        "prefix");

    store.write(ACME, ACME, "t", record("k".repeat(1024), "v", Map.of(), null));
    assertThat(store.read(ACME, ACME, "t", "k".repeat(1024))).isPresent();
  }

  @Test
  void oversizedValuesAreInvalidArgumentAndLoseNothingStored() {
    store.write(ACME, ACME, "t", record("k", "kept", Map.of(), null));

    byte[] tooBig = new byte[StoreLimits.MAX_VALUE_BYTES + 1];
    assertStatus(
        () -> store.write(ACME, ACME, "t", new StoreRecord("k", tooBig, Map.of(), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.value is 1048577 bytes");

    assertThat(text(store.read(ACME, ACME, "t", "k").orElseThrow())).isEqualTo("kept");
    byte[] largest = new byte[StoreLimits.MAX_VALUE_BYTES];
    store.write(ACME, ACME, "t", new StoreRecord("big", largest, Map.of(), null));
    assertThat(store.read(ACME, ACME, "t", "big").orElseThrow().value()).hasSize(largest.length);
  }

  @Test
  void badMetadataIsInvalidArgumentNamingTheEntry() {
    assertStatus(
        () -> store.write(ACME, ACME, "t", record("k", "v", Map.of("id", md("uuid", "x")), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.metadata[\"id\"].type 'uuid' is not a metadata type");
    assertStatus(
        () -> store.write(ACME, ACME, "t", record("k", "v", Map.of("n", md("int64", "4.5")), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.metadata[\"n\"].value '4.5' is not a valid int64");
    assertStatus(
        () -> store.write(ACME, ACME, "t", record("k", "v", Map.of("b", md("bool", "yes")), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.metadata[\"b\"].value");
    assertStatus(
        () ->
            store.write(ACME, ACME, "t", record("k", "v", Map.of("d", md("double", "NaN")), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.metadata[\"d\"].value");
    assertStatus(
        () ->
            store.write(
                ACME,
                ACME,
                "t",
                record("k", "v", Map.of("s", md("string", "x".repeat(1025))), null)),
        Status.Code.INVALID_ARGUMENT,
        "record.metadata[\"s\"].value is 1025 characters");
    Map<String, MetadataField> many = new HashMap<>();
    for (int i = 0; i <= StoreLimits.MAX_METADATA_ENTRIES; i++) {
      many.put("m" + i, field("x"));
    }
    assertStatus(
        () -> store.write(ACME, ACME, "t", record("k", "v", many, null)),
        Status.Code.INVALID_ARGUMENT,
        "record.metadata has 65 entries");
    assertThat(store.read(ACME, ACME, "t", "k")).isEmpty();
  }

  @Test
  void badTablesDatabasesAndPagingAreInvalidArgument() {
    assertStatus(
        () -> store.read(ACME, ACME, "", "k"), Status.Code.INVALID_ARGUMENT, "table is required");
    assertStatus(
        () -> store.read(ACME, ACME, "has space", "k"), Status.Code.INVALID_ARGUMENT, "table");
    assertStatus(
        () -> store.read(ACME, ACME, "t".repeat(129), "k"), Status.Code.INVALID_ARGUMENT, "table");
    assertStatus(
        () -> store.read(ACME, "acme.", "t", "k"), Status.Code.INVALID_ARGUMENT, "database");
    assertStatus(
        () -> store.read(ACME, "acme.a.b", "t", "k"), Status.Code.INVALID_ARGUMENT, "database");
    assertStatus(
        () -> store.read(ACME, "", "t", "k"), Status.Code.INVALID_ARGUMENT, "database is required");
    assertStatus(
        () -> store.list(ACME, ACME, "t", new KeyQuery("", "", -1, 0)),
        Status.Code.INVALID_ARGUMENT,
        "limit");
    assertStatus(
        () -> store.list(ACME, ACME, "t", new KeyQuery("", "", 0, -1)),
        Status.Code.INVALID_ARGUMENT,
        "offset");
    assertStatus(() -> store.databases(""), Status.Code.INVALID_ARGUMENT, "namespace");
  }

  // ---- restart

  @Test
  void recordsSurviveARestart() {
    Instant expiry = clock.instant().plus(Duration.ofHours(1));
    store.write(ACME, ACME, "t", record("k", "v", Map.of("n", md("int64", "7")), expiry));
    store.write(ACME, "acme.other", "t2", record("k2", "v2", Map.of(), null));
    store.write(GLOBEX, GLOBEX, "t", record("k", "g", Map.of(), null));

    store = reopen(clock);

    StoreRecord read = store.read(ACME, ACME, "t", "k").orElseThrow();
    assertThat(text(read)).isEqualTo("v");
    assertThat(read.metadata()).containsEntry("n", md("int64", "7"));
    assertThat(read.expiresAt()).isEqualTo(expiry);
    assertThat(store.databases(ACME)).containsExactly(ACME, "acme.other");
    assertThat(text(store.read(GLOBEX, GLOBEX, "t", "k").orElseThrow())).isEqualTo("g");

    clock.advance(Duration.ofHours(2));
    assertThat(store.read(ACME, ACME, "t", "k")).isEmpty();
  }

  // ---- concurrency

  @Test
  void concurrentWritersOfOneKeyLeaveOneRecord() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      int n = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int j = 0; j < 20; j++) {
                    store.write(ACME, ACME, "t", record("shared", n + "-" + j, Map.of(), null));
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
    assertThat(store.list(ACME, ACME, "t", KeyQuery.all())).containsExactly("shared");
    assertThat(text(store.read(ACME, ACME, "t", "shared").orElseThrow())).endsWith("-19");
  }

  // ---- helpers

  static StoreRecord record(
      String key, String value, Map<String, MetadataField> metadata, Instant expiresAt) {
    return new StoreRecord(key, value.getBytes(StandardCharsets.UTF_8), metadata, expiresAt);
  }

  static MetadataField field(String value) {
    return new MetadataField("string", value);
  }

  static MetadataField md(String type, String value) {
    return new MetadataField(type, value);
  }

  static String text(StoreRecord record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  static AbstractThrowableAssert<?, ?> assertStatus(
      Runnable call, Status.Code code, String descriptionPart) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(descriptionPart);
            });
  }
}
