package dev.aloft.server.config;

import com.google.protobuf.Timestamp;
import dev.aloft.api.config.v1.Change;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.DeleteRequest;
import dev.aloft.api.config.v1.DeleteResponse;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.GetResponse;
import dev.aloft.api.config.v1.HistoryRequest;
import dev.aloft.api.config.v1.HistoryResponse;
import dev.aloft.api.config.v1.Operation;
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
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The {@code aloft.config.v1.Config} gRPC service: maps requests onto the {@link ConfigBackend} in
 * the caller's namespace. Who may call what is decided before this, by the rules interceptor.
 */
@GrpcService
public class ConfigHandler extends ConfigGrpc.ConfigImplBase {

  private static final Logger LOG = Logger.getLogger(ConfigHandler.class);

  private final ConfigBackend backend;

  @Inject
  public ConfigHandler(ConfigBackend backend) {
    this.backend = backend;
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> responses) {
    respond(
        responses,
        () -> {
          ConfigEntry entry =
              backend.get(
                  namespace(),
                  request.getPath(),
                  request.getVersion(),
                  request.getOptions().getSecret());
          return GetResponse.newBuilder()
              .setValue(json(ConfigValues.print(entry.value())))
              .setVersion(entry.version())
              .build();
        });
  }

  @Override
  public void set(SetRequest request, StreamObserver<SetResponse> responses) {
    respond(
        responses,
        () -> {
          String namespace = namespace();
          requireJsonFormat(request.getValue());
          long version =
              backend.set(
                  namespace,
                  request.getPath(),
                  request.getValue().getData(),
                  request.getOptions().getSecret());
          return SetResponse.newBuilder().setVersion(version).build();
        });
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> responses) {
    respond(
        responses,
        () ->
            DeleteResponse.newBuilder()
                .setVersion(backend.delete(namespace(), request.getPath()))
                .build());
  }

  @Override
  public void read(ReadRequest request, StreamObserver<ReadResponse> responses) {
    respond(
        responses,
        () -> {
          ConfigEntry entry =
              backend.read(namespace(), request.getVersion(), request.getOptions().getSecret());
          return ReadResponse.newBuilder()
              .setValue(json(ConfigValues.print(entry.value())))
              .setVersion(entry.version())
              .build();
        });
  }

  @Override
  public void history(HistoryRequest request, StreamObserver<HistoryResponse> responses) {
    respond(
        responses,
        () -> {
          HistoryResponse.Builder response = HistoryResponse.newBuilder();
          for (ConfigChange change :
              backend.history(
                  namespace(),
                  request.getPath(),
                  request.getLimit(),
                  request.getOptions().getSecret())) {
            response.addChanges(toProto(change));
          }
          return response.build();
        });
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<WatchResponse> responses) {
    ServerCallStreamObserver<WatchResponse> call =
        responses instanceof ServerCallStreamObserver<WatchResponse> serverCall ? serverCall : null;
    ConfigBackend.Subscription subscription;
    try {
      subscription =
          backend.watch(
              namespace(),
              request.getPath(),
              request.getOptions().getSecret(),
              change -> {
                synchronized (responses) {
                  if (call != null && call.isCancelled()) {
                    throw Status.CANCELLED.asRuntimeException();
                  }
                  responses.onNext(WatchResponse.newBuilder().setChange(toProto(change)).build());
                }
              });
    } catch (RuntimeException e) {
      responses.onError(toStatus(e));
      return;
    }
    // The stream ends when the client cancels: stop the subscription then, whichever signal
    // arrives (the call's cancel handler, or the cancellation of the call's gRPC context).
    if (call != null) {
      call.setOnCancelHandler(subscription::close);
    }
    Context.current().addListener(context -> subscription.close(), Runnable::run);
  }

  private static String namespace() {
    return Caller.current().namespace();
  }

  private static void requireJsonFormat(Value value) {
    String format = value.getFormat();
    if (!format.isEmpty() && !format.equals("json")) {
      throw ConfigPath.invalid(
          "value.format", "'" + format + "' is not supported; use \"json\" (or leave it empty)");
    }
  }

  private static Value json(String data) {
    return Value.newBuilder().setData(data).setFormat("json").build();
  }

  static Change toProto(ConfigChange change) {
    Change.Builder proto =
        Change.newBuilder()
            .setVersion(change.version())
            .setPath(change.path().text())
            .setOperation(
                change.operation() == ConfigChange.Operation.SET
                    ? Operation.OPERATION_SET
                    : Operation.OPERATION_DELETE)
            .setSecret(change.secret())
            .setTime(
                Timestamp.newBuilder()
                    .setSeconds(change.time().getEpochSecond())
                    .setNanos(change.time().getNano()));
    if (change.value() != null) {
      proto.setValue(json(ConfigValues.print(change.value())));
    }
    return proto.build();
  }

  private static <T> void respond(StreamObserver<T> responses, Supplier<T> call) {
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
    LOG.error("config call failed", e);
    return Status.INTERNAL
        .withDescription(
            "config failed on the server: " + e.getMessage() + "; the server log has the details")
        .asRuntimeException();
  }
}
