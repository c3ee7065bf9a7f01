package dev.aloft.sdk.store;

import com.google.protobuf.ByteString;
import dev.aloft.api.store.v1.DeleteOptions;
import dev.aloft.api.store.v1.DeleteRequest;
import dev.aloft.api.store.v1.ListOptions;
import dev.aloft.api.store.v1.ListRequest;
import dev.aloft.api.store.v1.ListResponse;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.Record;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.api.store.v1.WriteOptions;
import dev.aloft.api.store.v1.WriteRequest;
import dev.aloft.sdk.AloftException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One table of the store of the service's namespace (docs/store.md): by default the database is the
 * namespace and the table is named after the service; {@link #table} and {@link #database} give
 * views of others.
 */
public final class ServiceStore {

  private final StoreGrpc.StoreBlockingStub store;
  private final String database;
  private final String table;

  /** DATABASE empty means the namespace's own database. */
  public ServiceStore(StoreGrpc.StoreBlockingStub store, String database, String table) {
    this.store = store;
    this.database = database;
    this.table = table;
  }

  /** The same store, another table. */
  public ServiceStore table(String table) {
    return new ServiceStore(store, database, table);
  }

  /** The same store, another database of the namespace ({@code <namespace>.<name>}). */
  public ServiceStore database(String database) {
    return new ServiceStore(store, database, table);
  }

  public String tableName() {
    return table;
  }

  /** Creates or replaces the record KEY. */
  public void write(String key, byte[] value) {
    write(key, value, Duration.ZERO);
  }

  /** Creates or replaces the record KEY with a UTF-8 text value. */
  public void write(String key, String value) {
    write(key, value.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
  }

  /** Creates or replaces the record KEY, expiring after TTL (zero: never). */
  public void write(String key, byte[] value, Duration ttl) {
    WriteOptions.Builder options = WriteOptions.newBuilder().setDatabase(database).setTable(table);
    if (!ttl.isZero()) {
      options.setTtl(Math.max(1, ttl.toSeconds()));
    }
    try {
      stub()
          .write(
              WriteRequest.newBuilder()
                  .setRecord(Record.newBuilder().setKey(key).setValue(ByteString.copyFrom(value)))
                  .setOptions(options)
                  .build());
    } catch (StatusRuntimeException e) {
      throw AloftException.of("store write '" + key + "' in table " + table, e);
    }
  }

  /** The record KEY; empty when there is none. */
  public Optional<StoreRecord> read(String key) {
    try {
      List<Record> records =
          stub()
              .read(
                  ReadRequest.newBuilder()
                      .setKey(key)
                      .setOptions(ReadOptions.newBuilder().setDatabase(database).setTable(table))
                      .build())
              .getRecordsList();
      return records.stream().findFirst().map(ServiceStore::record);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw AloftException.of("store read '" + key + "' in table " + table, e);
    }
  }

  /** Every record whose key starts with PREFIX, in key order. */
  public List<StoreRecord> readPrefix(String prefix) {
    try {
      return stub()
          .read(
              ReadRequest.newBuilder()
                  .setKey(prefix)
                  .setOptions(
                      ReadOptions.newBuilder()
                          .setDatabase(database)
                          .setTable(table)
                          .setPrefix(true))
                  .build())
          .getRecordsList()
          .stream()
          .map(ServiceStore::record)
          .toList();
    } catch (StatusRuntimeException e) {
      throw AloftException.of("store read prefix '" + prefix + "' in table " + table, e);
    }
  }

  /** The keys of the table, in order. */
  public List<String> list() {
    return list("");
  }

  /** The keys starting with PREFIX, in order. */
  public List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    try {
      Iterator<ListResponse> pages =
          stub()
              .list(
                  ListRequest.newBuilder()
                      .setOptions(
                          ListOptions.newBuilder()
                              .setDatabase(database)
                              .setTable(table)
                              .setPrefix(prefix))
                      .build());
      pages.forEachRemaining(page -> keys.addAll(page.getKeysList()));
      return keys;
    } catch (StatusRuntimeException e) {
      throw AloftException.of("store list of table " + table, e);
    }
  }

  /** Deletes the record KEY; false when there was none. */
  public boolean delete(String key) {
    try {
      stub()
          .delete(
              DeleteRequest.newBuilder()
                  .setKey(key)
                  .setOptions(DeleteOptions.newBuilder().setDatabase(database).setTable(table))
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw AloftException.of("store delete '" + key + "' in table " + table, e);
    }
  }

  private StoreGrpc.StoreBlockingStub stub() {
    return store.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static StoreRecord record(Record record) {
    return new StoreRecord(
        record.getKey(),
        record.getValue().toByteArray(),
        record.getExpiry() == 0
            ? Optional.empty()
            : Optional.of(Duration.ofSeconds(record.getExpiry())));
  }
}
