package dev.aloft.server.runtime;

import com.google.protobuf.Timestamp;
import dev.aloft.api.runtime.v1.CreateRequest;
import dev.aloft.api.runtime.v1.CreateResponse;
import dev.aloft.api.runtime.v1.DeleteRequest;
import dev.aloft.api.runtime.v1.DeleteResponse;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.LogsRequest;
import dev.aloft.api.runtime.v1.ReadRequest;
import dev.aloft.api.runtime.v1.ReadResponse;
import dev.aloft.api.runtime.v1.RuntimeGrpc;
import dev.aloft.api.runtime.v1.UpdateRequest;
import dev.aloft.api.runtime.v1.UpdateResponse;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gRPC edge of the runtime ({@code aloft.runtime.v1.Runtime}): takes the namespace from the
 * verified caller, decides whether local folders are allowed (a caller on loopback, and {@code
 * aloft.runtime.local-sources} true), hands requests to the {@link RuntimeBackend} and maps its
 * failures to status codes.
 */
@GrpcService
@RegisterInterceptor(CallerAddress.class)
public class RuntimeHandler extends RuntimeGrpc.RuntimeImplBase {

  private static final Logger LOG = Logger.getLogger(RuntimeHandler.class);

  private final RuntimeBackend backend;
  private final boolean localSources;

  @Inject
  public RuntimeHandler(
      RuntimeBackend backend,
      @ConfigProperty(name = "aloft.runtime.local-sources", defaultValue = "true")
          boolean localSources) {
    this.backend = backend;
    this.localSources = localSources;
  }

  private boolean remoteCaller() {
    return !localSources || !CallerAddress.isLoopback();
  }

  @Override
  public void create(CreateRequest request, StreamObserver<CreateResponse> response) {
    try {
      Caller caller = Caller.current();
      if (!request.hasService()) {
        throw new InvalidRuntimeRequestException("service", "is required");
      }
      response.onNext(
          CreateResponse.newBuilder()
              .setService(
                  backend.create(
                      caller.namespace(),
                      request.getService(),
                      request.getOptions(),
                      remoteCaller()))
              .build());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("create", e));
    }
  }

  @Override
  public void read(ReadRequest request, StreamObserver<ReadResponse> response) {
    try {
      Caller caller = Caller.current();
      Optional<String> name =
          request.getService().isEmpty() ? Optional.empty() : Optional.of(request.getService());
      response.onNext(
          ReadResponse.newBuilder().addAllServices(backend.read(caller.namespace(), name)).build());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("read", e));
    }
  }

  @Override
  public void update(UpdateRequest request, StreamObserver<UpdateResponse> response) {
    try {
      Caller caller = Caller.current();
      response.onNext(
          UpdateResponse.newBuilder()
              .setService(backend.update(caller.namespace(), request.getService(), remoteCaller()))
              .build());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("update", e));
    }
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> response) {
    try {
      Caller caller = Caller.current();
      backend.delete(caller.namespace(), request.getService());
      response.onNext(DeleteResponse.getDefaultInstance());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("delete", e));
    }
  }

  @Override
  public void logs(LogsRequest request, StreamObserver<LogRecord> response) {
    ServerCallStreamObserver<LogRecord> call = (ServerCallStreamObserver<LogRecord>) response;
    try {
      Caller caller = Caller.current();
      if (request.getCount() < 0) {
        throw new InvalidRuntimeRequestException("count", "must be 0 (all) or more");
      }
      Optional<Instant> since = Optional.empty();
      if (request.hasSince()) {
        Timestamp given = request.getSince();
        since = Optional.of(Instant.ofEpochSecond(given.getSeconds(), given.getNanos()));
      }
      Object lock = new Object();
      RuntimeBackend.LogFollow follow =
          backend.logs(
              caller.namespace(),
              request.getService(),
              request.getCount(),
              since,
              request.getStream(),
              record -> {
                synchronized (lock) {
                  if (call.isCancelled()) {
                    return;
                  }
                  call.onNext(record);
                }
              },
              () -> {
                synchronized (lock) {
                  if (!call.isCancelled()) {
                    call.onCompleted();
                  }
                }
              });
      call.setOnCancelHandler(follow::close);
    } catch (RuntimeException e) {
      call.onError(status("logs", e));
    }
  }

  /** The status a caller sees for a failure: named fields for its mistakes, nothing internal. */
  static StatusRuntimeException status(String operation, RuntimeException e) {
    if (e instanceof StatusRuntimeException known) {
      return known;
    }
    if (e instanceof InvalidRuntimeRequestException invalid) {
      return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
    }
    if (e instanceof UnknownServiceException unknown) {
      return Status.NOT_FOUND.withDescription(unknown.getMessage()).asRuntimeException();
    }
    if (e instanceof ServiceExistsException exists) {
      return Status.ALREADY_EXISTS.withDescription(exists.getMessage()).asRuntimeException();
    }
    LOG.errorf(e, "runtime %s failed", operation);
    return Status.INTERNAL
        .withDescription("runtime " + operation + " failed on the server; see the server log")
        .asRuntimeException();
  }
}
