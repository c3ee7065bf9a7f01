package dev.aloft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.config.v1.DeleteRequest;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.GetResponse;
import dev.aloft.api.config.v1.HistoryRequest;
import dev.aloft.api.config.v1.HistoryResponse;
import dev.aloft.api.config.v1.Operation;
import dev.aloft.api.config.v1.Options;
import dev.aloft.api.config.v1.ReadRequest;
import dev.aloft.api.config.v1.ReadResponse;
import dev.aloft.api.config.v1.SetRequest;
import dev.aloft.api.config.v1.SetResponse;
import dev.aloft.api.config.v1.Value;
import dev.aloft.api.config.v1.WatchRequest;
import dev.aloft.api.config.v1.WatchResponse;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Context;
import io.grpc.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The config handler's edge: the namespace comes from the caller, requests map onto the backend,
 * bad input and failures map onto status codes. Runs on the embedded backend.
 */
class ConfigHandlerTest {

  static final Caller ALICE_OF_ACME = new Caller("alice", "acme", "acme", Set.of(), false);
  static final Caller BOB_OF_GLOBEX = new Caller("bob", "globex", "globex", Set.of(), false);
  static final Caller ADMIN_IN_ACME = new Caller("root", "platform", "acme", Set.of("admin"), true);
  static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

  private Path directory;
  private ConfigHandler handler;
  private java.sql.Connection keepOpen;

  @BeforeEach
  void open() {
    directory = Path.of("target", "contract-data", "config-handler-" + UUID.randomUUID());
    SecretCipher cipher =
        SecretCipher.loadOrCreate(directory.resolve("config").resolve(SecretCipher.KEY_FILE_NAME));
    handler =
        new ConfigHandler(
            new EmbeddedConfigBackend(
                EmbeddedConfigContractTest.fileDatabase(directory),
                cipher,
                Clock.fixed(NOW, ZoneOffset.UTC)));
    keepOpen =
        EmbeddedConfigContractTest.connect(EmbeddedConfigContractTest.fileDatabase(directory));
  }

  /** Keeps the H2 file open between calls, as the server's pool does. */
  @org.junit.jupiter.api.AfterEach
  void close() throws java.sql.SQLException {
    keepOpen.close();
  }

  @Test
  void aCallWithoutAVerifiedCallerIsUnauthenticated() {
    RecordingCallObserver<GetResponse> responses = new RecordingCallObserver<>();
    handler.get(GetRequest.newBuilder().setPath("a").build(), responses);

    assertThat(responses.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void setThenGetThroughTheContract() {
    SetResponse set =
        call(ALICE_OF_ACME, handler::set, setRequest("orders.db", "{\"pool\":10}", false)).single();
    GetResponse get = call(ALICE_OF_ACME, handler::get, getRequest("orders.db.pool")).single();

    assertThat(set.getVersion()).isEqualTo(1);
    assertThat(get.getValue().getData()).isEqualTo("10");
    assertThat(get.getValue().getFormat()).isEqualTo("json");
    assertThat(get.getVersion()).isEqualTo(1);
  }

  @Test
  void badInputIsInvalidArgumentNamingTheField() {
    SetRequest yaml =
        SetRequest.newBuilder()
            .setPath("a")
            .setValue(Value.newBuilder().setData("1").setFormat("yaml"))
            .build();
    assertThat(call(ALICE_OF_ACME, handler::set, yaml).status())
        .satisfies(s -> assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .satisfies(s -> assertThat(s.getDescription()).startsWith("value.format 'yaml'"));

    Status badPath = call(ALICE_OF_ACME, handler::set, setRequest("a..b", "1", false)).status();
    assertThat(badPath.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badPath.getDescription()).startsWith("path ");

    Status noValue =
        call(ALICE_OF_ACME, handler::set, SetRequest.newBuilder().setPath("a").build()).status();
    assertThat(noValue.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noValue.getDescription()).startsWith("value is required");

    Status badVersion =
        call(
                ALICE_OF_ACME,
                handler::get,
                GetRequest.newBuilder().setPath("a").setVersion(-3).build())
            .status();
    assertThat(badVersion.getDescription()).startsWith("version ");
  }

  @Test
  void missingValuesAreNotFound() {
    Status get = call(ALICE_OF_ACME, handler::get, getRequest("nope")).status();
    Status delete =
        call(ALICE_OF_ACME, handler::delete, DeleteRequest.newBuilder().setPath("nope").build())
            .status();

    assertThat(get.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(get.getDescription()).contains("nope");
    assertThat(delete.getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void theNamespaceComesFromTheCaller() {
    call(ALICE_OF_ACME, handler::set, setRequest("db.pool", "10", false)).single();

    assertThat(call(BOB_OF_GLOBEX, handler::get, getRequest("db.pool")).status().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            call(BOB_OF_GLOBEX, handler::read, ReadRequest.getDefaultInstance())
                .single()
                .getValue()
                .getData())
        .isEqualTo("{}");

    // a platform admin acting in acme sees and changes acme's config
    assertThat(
            call(ADMIN_IN_ACME, handler::get, getRequest("db.pool")).single().getValue().getData())
        .isEqualTo("10");
    call(ADMIN_IN_ACME, handler::set, setRequest("db.pool", "20", false)).single();
    assertThat(
            call(ALICE_OF_ACME, handler::get, getRequest("db.pool")).single().getValue().getData())
        .isEqualTo("20");
  }

  @Test
  void secretsAreRevealedOnlyWhenAskedFor() {
    call(ALICE_OF_ACME, handler::set, setRequest("db.password", "\"pw\"", true)).single();

    GetResponse masked = call(ALICE_OF_ACME, handler::get, getRequest("db")).single();
    GetResponse revealed =
        call(
                ALICE_OF_ACME,
                handler::get,
                GetRequest.newBuilder()
                    .setPath("db")
                    .setOptions(Options.newBuilder().setSecret(true))
                    .build())
            .single();
    ReadResponse read =
        call(ALICE_OF_ACME, handler::read, ReadRequest.getDefaultInstance()).single();

    assertThat(masked.getValue().getData()).isEqualTo("{\"password\":\"[secret]\"}");
    assertThat(revealed.getValue().getData()).isEqualTo("{\"password\":\"pw\"}");
    assertThat(read.getValue().getData()).isEqualTo("{\"db\":{\"password\":\"[secret]\"}}");
  }

  @Test
  void historyAndReadAtAVersionMapOntoTheContract() {
    call(ALICE_OF_ACME, handler::set, setRequest("a", "1", false)).single();
    call(ALICE_OF_ACME, handler::set, setRequest("a", "2", false)).single();
    call(ALICE_OF_ACME, handler::delete, DeleteRequest.newBuilder().setPath("a").build()).single();

    HistoryResponse history =
        call(ALICE_OF_ACME, handler::history, HistoryRequest.newBuilder().setPath("a").build())
            .single();
    GetResponse atOne =
        call(
                ALICE_OF_ACME,
                handler::get,
                GetRequest.newBuilder().setPath("a").setVersion(1).build())
            .single();

    assertThat(history.getChangesList())
        .extracting(c -> c.getVersion() + ":" + c.getOperation() + ":" + c.getValue().getData())
        .containsExactly("1:OPERATION_SET:1", "2:OPERATION_SET:2", "3:OPERATION_DELETE:");
    assertThat(history.getChanges(2).hasValue()).isFalse();
    assertThat(history.getChanges(0).getTime().getSeconds()).isEqualTo(NOW.getEpochSecond());
    assertThat(history.getChanges(0).getPath()).isEqualTo("a");
    assertThat(atOne.getValue().getData()).isEqualTo("1");
  }

  @Test
  void watchStreamsChangesOfTheCallersNamespaceUntilCancelled() {
    RecordingCallObserver<WatchResponse> acmeWatch = new RecordingCallObserver<>();
    Context.current()
        .withValue(Caller.CONTEXT_KEY, ALICE_OF_ACME)
        .run(() -> handler.watch(WatchRequest.newBuilder().setPath("db").build(), acmeWatch));

    call(ALICE_OF_ACME, handler::set, setRequest("db.pool", "10", false)).single();
    call(BOB_OF_GLOBEX, handler::set, setRequest("db.pool", "99", false)).single();
    call(ALICE_OF_ACME, handler::set, setRequest("other", "1", false)).single();
    call(ALICE_OF_ACME, handler::set, setRequest("db.password", "\"pw\"", true)).single();

    assertThat(acmeWatch.error).isNull();
    assertThat(acmeWatch.messages)
        .extracting(m -> m.getChange().getPath() + "=" + m.getChange().getValue().getData())
        .containsExactly("db.pool=10", "db.password=\"[secret]\"");
    assertThat(acmeWatch.messages.get(0).getChange().getOperation())
        .isEqualTo(Operation.OPERATION_SET);

    acmeWatch.cancel();
    call(ALICE_OF_ACME, handler::set, setRequest("db.pool", "11", false)).single();

    assertThat(acmeWatch.messages).hasSize(2);
  }

  @Test
  void cancellingTheCallsContextEndsTheWatch() {
    RecordingCallObserver<WatchResponse> watch = new RecordingCallObserver<>();
    Context.CancellableContext context =
        Context.current().withValue(Caller.CONTEXT_KEY, ALICE_OF_ACME).withCancellation();
    context.run(() -> handler.watch(WatchRequest.getDefaultInstance(), watch));

    call(ALICE_OF_ACME, handler::set, setRequest("a", "1", false)).single();
    context.cancel(null);
    call(ALICE_OF_ACME, handler::set, setRequest("a", "2", false)).single();

    assertThat(watch.messages)
        .extracting(m -> m.getChange().getValue().getData())
        .containsExactly("1");
  }

  @Test
  void aMalformedWatchPathEndsTheStreamWithInvalidArgument() {
    RecordingCallObserver<WatchResponse> watch = new RecordingCallObserver<>();
    Context.current()
        .withValue(Caller.CONTEXT_KEY, ALICE_OF_ACME)
        .run(() -> handler.watch(WatchRequest.newBuilder().setPath("a..b").build(), watch));

    assertThat(watch.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(watch.status().getDescription()).startsWith("path ");
  }

  @Test
  void aStorageFailureIsInternalWithAMessageNotAStackTrace() throws Exception {
    call(ALICE_OF_ACME, handler::set, setRequest("a", "1", false)).single();
    try (Connection connection =
            EmbeddedConfigContractTest.fileDatabase(directory).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE config_values");
    }

    Status status = call(ALICE_OF_ACME, handler::get, getRequest("a")).status();

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription())
        .startsWith("config failed on the server: config get failed");
    assertThat(status.getDescription()).doesNotContain("\tat ");
  }

  private static <Q, R> RecordingCallObserver<R> call(
      Caller caller, BiConsumer<Q, RecordingCallObserver<R>> method, Q request) {
    RecordingCallObserver<R> responses = new RecordingCallObserver<>();
    Context.current()
        .withValue(Caller.CONTEXT_KEY, caller)
        .run(() -> method.accept(request, responses));
    return responses;
  }

  private static SetRequest setRequest(String path, String json, boolean secret) {
    return SetRequest.newBuilder()
        .setPath(path)
        .setValue(Value.newBuilder().setData(json))
        .setOptions(Options.newBuilder().setSecret(secret))
        .build();
  }

  private static GetRequest getRequest(String path) {
    return GetRequest.newBuilder().setPath(path).build();
  }
}
