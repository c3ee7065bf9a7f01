package dev.aloft.server.registry;

import dev.aloft.api.registry.v1.DeregisterRequest;
import dev.aloft.api.registry.v1.DeregisterResponse;
import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.GetServiceResponse;
import dev.aloft.api.registry.v1.ListServicesRequest;
import dev.aloft.api.registry.v1.ListServicesResponse;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegisterResponse;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.WatchRequest;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The gRPC edge of the registry ({@code aloft.registry.v1.Registry}): takes the namespace from the
 * verified caller, hands requests to the {@link RegistryBackend} and maps its failures to status
 * codes (bad input INVALID_ARGUMENT naming the field, unknown service NOT_FOUND, anything else
 * INTERNAL without internals).
 */
@GrpcService
public class RegistryHandler extends RegistryGrpc.RegistryImplBase {

  private static final Logger LOG = Logger.getLogger(RegistryHandler.class);

  private final RegistryBackend backend;

  @Inject
  public RegistryHandler(RegistryBackend backend) {
    this.backend = backend;
  }

  @Override
  public void getService(GetServiceRequest request, StreamObserver<GetServiceResponse> response) {
    try {
      Caller caller = Caller.current();
      response.onNext(
          GetServiceResponse.newBuilder()
              .addAllServices(backend.getService(caller.namespace(), request.getService()))
              .build());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("get service", e));
    }
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    try {
      Caller caller = Caller.current();
      if (!request.hasService()) {
        throw new InvalidRegistrationException("service", "is required");
      }
      Optional<Duration> ttl = Optional.empty();
      if (request.getOptions().hasTtl()) {
        com.google.protobuf.Duration given = request.getOptions().getTtl();
        if (given.getSeconds() < 0 || given.getNanos() < 0 || given.getNanos() > 999_999_999) {
          throw new InvalidRegistrationException("options.ttl", "is not a positive duration");
        }
        ttl = Optional.of(Duration.ofSeconds(given.getSeconds(), given.getNanos()));
      }
      backend.register(caller.namespace(), request.getService(), ttl);
      response.onNext(RegisterResponse.getDefaultInstance());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("register", e));
    }
  }

  @Override
  public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> response) {
    try {
      Caller caller = Caller.current();
      if (!request.hasService()) {
        throw new InvalidRegistrationException("service", "is required");
      }
      backend.deregister(caller.namespace(), request.getService());
      response.onNext(DeregisterResponse.getDefaultInstance());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("deregister", e));
    }
  }

  @Override
  public void listServices(
      ListServicesRequest request, StreamObserver<ListServicesResponse> response) {
    try {
      Caller caller = Caller.current();
      response.onNext(
          ListServicesResponse.newBuilder()
              .addAllServices(backend.listServices(caller.namespace()))
              .build());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("list services", e));
    }
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<Result> response) {
    ServerCallStreamObserver<Result> call = (ServerCallStreamObserver<Result>) response;
    try {
      Caller caller = Caller.current();
      Optional<String> service =
          request.getService().isEmpty() ? Optional.empty() : Optional.of(request.getService());
      RegistryBackend.Watch watch =
          backend.watch(
              caller.namespace(),
              service,
              result -> {
                if (call.isCancelled()) {
                  throw new IllegalStateException("the watcher went away");
                }
                call.onNext(result);
              });
      call.setOnCancelHandler(watch::close);
    } catch (RuntimeException e) {
      call.onError(status("watch", e));
    }
  }

  /** The status a caller sees for a failure: named fields for its mistakes, nothing internal. */
  static StatusRuntimeException status(String operation, RuntimeException e) {
    if (e instanceof StatusRuntimeException known) {
      return known;
    }
    if (e instanceof InvalidRegistrationException invalid) {
      return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
    }
    if (e instanceof ServiceNotFoundException notFound) {
      return Status.NOT_FOUND.withDescription(notFound.getMessage()).asRuntimeException();
    }
    LOG.errorf(e, "registry %s failed", operation);
    return Status.INTERNAL
        .withDescription("registry " + operation + " failed on the server; see the server log")
        .asRuntimeException();
  }
}
