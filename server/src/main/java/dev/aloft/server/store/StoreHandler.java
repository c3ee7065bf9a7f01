package dev.aloft.server.store;

import com.google.protobuf.ByteString;
import dev.aloft.api.store.v1.DatabasesRequest;
import dev.aloft.api.store.v1.DatabasesResponse;
import dev.aloft.api.store.v1.DeleteRequest;
import dev.aloft.api.store.v1.DeleteResponse;
import dev.aloft.api.store.v1.Field;
import dev.aloft.api.store.v1.ListRequest;
import dev.aloft.api.store.v1.ListResponse;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.ReadResponse;
import dev.aloft.api.store.v1.Record;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.api.store.v1.TablesRequest;
import dev.aloft.api.store.v1.TablesResponse;
import dev.aloft.api.store.v1.WriteOptions;
import dev.aloft.api.store.v1.WriteRequest;
import dev.aloft.api.store.v1.WriteResponse;
import dev.aloft.server.store.StoreRecord.MetadataField;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The {@code aloft.store.v1.Store} gRPC service: applies the defaults (database = the caller's
 * namespace, table = the calling service, or {@value #USER_TABLE} for users), resolves expiry, and
 * maps requests onto the {@link StoreBackend} in the caller's namespace.
 */
@GrpcService
public class StoreHandler extends StoreGrpc.StoreImplBase {

  /** The table of callers that are not services. */
  public static final String USER_TABLE = "default";

  /** The scope that marks a service account; its account id is the service's name. */
  public static final String SERVICE_SCOPE = "service";

  /** The longest time to live (and the farthest expiry) a write may ask for: 100 years. */
  public static final Duration MAX_TTL = Duration.ofDays(36525);

  /** Keys per List stream message. */
  static final int LIST_BATCH = 100;

  private static final Logger LOG = Logger.getLogger(StoreHandler.class);

  private final StoreBackend backend;
  private final Clock clock;

  @Inject
  public StoreHandler(StoreBackend backend) {
    this(backend, Clock.systemUTC());
  }

  StoreHandler(StoreBackend backend, Clock clock) {
    this.backend = backend;
    this.clock = clock;
  }

  @Override
  public void read(ReadRequest request, StreamObserver<ReadResponse> responses) {
    respond(
        responses,
        () -> {
          Caller caller = Caller.current();
          ReadOptions options = request.getOptions();
          String database = database(caller, options.getDatabase());
          String table = table(caller, options.getTable());
          ReadResponse.Builder response = ReadResponse.newBuilder();
          if (!options.getPrefix() && !options.getSuffix()) {
            StoreRecord record =
                backend
                    .read(caller.namespace(), database, table, request.getKey())
                    .orElseThrow(() -> notFound(request.getKey(), database, table));
            return response.addRecords(toProto(record)).build();
          }
          KeyQuery query =
              new KeyQuery(
                  options.getPrefix() ? request.getKey() : "",
                  options.getSuffix() ? request.getKey() : "",
                  unsigned(options.getLimit(), "options.limit"),
                  unsigned(options.getOffset(), "options.offset"));
          for (StoreRecord record : backend.read(caller.namespace(), database, table, query)) {
            response.addRecords(toProto(record));
          }
          return response.build();
        });
  }

  @Override
  public void write(WriteRequest request, StreamObserver<WriteResponse> responses) {
    respond(
        responses,
        () -> {
          Caller caller = Caller.current();
          WriteOptions options = request.getOptions();
          String database = database(caller, options.getDatabase());
          String table = table(caller, options.getTable());
          if (!request.hasRecord()) {
            throw StoreLimits.invalid("record", "is required");
          }
          Record record = request.getRecord();
          Map<String, MetadataField> metadata = new HashMap<>();
          record
              .getMetadataMap()
              .forEach(
                  (name, field) ->
                      metadata.put(name, new MetadataField(field.getType(), field.getValue())));
          backend.write(
              caller.namespace(),
              database,
              table,
              new StoreRecord(
                  record.getKey(), record.getValue().toByteArray(), metadata, expiresAt(request)));
          return WriteResponse.getDefaultInstance();
        });
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> responses) {
    respond(
        responses,
        () -> {
          Caller caller = Caller.current();
          String database = database(caller, request.getOptions().getDatabase());
          String table = table(caller, request.getOptions().getTable());
          if (!backend.delete(caller.namespace(), database, table, request.getKey())) {
            throw notFound(request.getKey(), database, table);
          }
          return DeleteResponse.getDefaultInstance();
        });
  }

  @Override
  public void list(ListRequest request, StreamObserver<ListResponse> responses) {
    List<String> keys;
    try {
      Caller caller = Caller.current();
      var options = request.getOptions();
      String database = database(caller, options.getDatabase());
      String table = table(caller, options.getTable());
      KeyQuery query =
          new KeyQuery(
              options.getPrefix(),
              options.getSuffix(),
              unsigned(options.getLimit(), "options.limit"),
              unsigned(options.getOffset(), "options.offset"));
      keys = backend.list(caller.namespace(), database, table, query);
    } catch (RuntimeException e) {
      responses.onError(toStatus(e));
      return;
    }
    for (int from = 0; from < keys.size(); from += LIST_BATCH) {
      responses.onNext(
          ListResponse.newBuilder()
              .addAllKeys(keys.subList(from, Math.min(keys.size(), from + LIST_BATCH)))
              .build());
    }
    responses.onCompleted();
  }

  @Override
  public void databases(DatabasesRequest request, StreamObserver<DatabasesResponse> responses) {
    respond(
        responses,
        () ->
            DatabasesResponse.newBuilder()
                .addAllDatabases(backend.databases(Caller.current().namespace()))
                .build());
  }

  @Override
  public void tables(TablesRequest request, StreamObserver<TablesResponse> responses) {
    respond(
        responses,
        () -> {
          Caller caller = Caller.current();
          return TablesResponse.newBuilder()
              .addAllTables(
                  backend.tables(caller.namespace(), database(caller, request.getDatabase())))
              .build();
        });
  }

  /** The database a request names, or the caller's namespace when it names none. */
  static String database(Caller caller, String requested) {
    return requested.isEmpty() ? caller.namespace() : requested;
  }

  /**
   * The table a request names, or the calling service's name (the id of an account of type {@code
   * service}, or of one holding the {@value #SERVICE_SCOPE} scope), or {@value #USER_TABLE} for any
   * other caller.
   */
  static String table(Caller caller, String requested) {
    if (!requested.isEmpty()) {
      return requested;
    }
    boolean service =
        (caller.serviceAccount()
                || (caller.scopes() != null && caller.scopes().contains(SERVICE_SCOPE)))
            && caller.accountId() != null
            && !caller.accountId().isEmpty();
    return service ? caller.accountId() : USER_TABLE;
  }

  /**
   * When the written record expires: options.expiry (Unix seconds), else options.ttl, else
   * record.expiry (both seconds from now); null when none is set.
   */
  private Instant expiresAt(WriteRequest request) {
    Instant now = clock.instant();
    WriteOptions options = request.getOptions();
    if (options.getExpiry() != 0) {
      if (options.getExpiry() < 0) {
        throw StoreLimits.invalid(
            "options.expiry", "must be a Unix time in seconds, got " + options.getExpiry());
      }
      if (options.getExpiry() > now.plus(MAX_TTL).getEpochSecond()) {
        throw StoreLimits.invalid("options.expiry", "lies more than 100 years ahead");
      }
      Instant at = Instant.ofEpochSecond(options.getExpiry());
      if (!at.isAfter(now)) {
        throw StoreLimits.invalid(
            "options.expiry",
            options.getExpiry() + " lies in the past (now is " + now.getEpochSecond() + ")");
      }
      return at;
    }
    if (options.getTtl() != 0) {
      return now.plus(ttl(options.getTtl(), "options.ttl"));
    }
    if (request.getRecord().getExpiry() != 0) {
      return now.plus(ttl(request.getRecord().getExpiry(), "record.expiry"));
    }
    return null;
  }

  private static Duration ttl(long seconds, String field) {
    if (seconds < 0) {
      throw StoreLimits.invalid(field, "must be a positive number of seconds, got " + seconds);
    }
    if (seconds > MAX_TTL.getSeconds()) {
      throw StoreLimits.invalid(
          field,
          seconds + " seconds is over the limit of " + MAX_TTL.getSeconds() + " (100 years)");
    }
    return Duration.ofSeconds(seconds);
  }

  private Record toProto(StoreRecord record) {
    Record.Builder proto =
        Record.newBuilder().setKey(record.key()).setValue(ByteString.copyFrom(record.value()));
    record
        .metadata()
        .forEach(
            (name, field) ->
                proto.putMetadata(
                    name,
                    Field.newBuilder().setType(field.type()).setValue(field.value()).build()));
    if (record.expiresAt() != null) {
      long millis = Duration.between(clock.instant(), record.expiresAt()).toMillis();
      proto.setExpiry(Math.max(1, (millis + 999) / 1000));
    }
    return proto.build();
  }

  /** A uint64 option as a long; INVALID_ARGUMENT when it is beyond what a long holds. */
  private static long unsigned(long value, String field) {
    if (value < 0) {
      throw StoreLimits.invalid(field, Long.toUnsignedString(value) + " is too large");
    }
    return value;
  }

  private static StatusRuntimeException notFound(String key, String database, String table) {
    return Status.NOT_FOUND
        .withDescription(
            "key '" + key + "' not found in table '" + table + "' of database '" + database + "'")
        .asRuntimeException();
  }

  private static <T> void respond(
      StreamObserver<T> responses, java.util.function.Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      responses.onError(toStatus(e));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }

  private static StatusRuntimeException toStatus(RuntimeException e) {
    if (e instanceof StatusRuntimeException status) {
      return status;
    }
    LOG.error("store call failed", e);
    return Status.INTERNAL
        .withDescription(
            "store failed on the server: " + e.getMessage() + "; the server log has the details")
        .asRuntimeException();
  }
}
