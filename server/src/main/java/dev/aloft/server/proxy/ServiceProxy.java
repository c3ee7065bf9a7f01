package dev.aloft.server.proxy;

import dev.aloft.server.auth.Resource;
import dev.aloft.server.calls.NonBlocking;
import dev.aloft.server.registry.InvalidRegistrationException;
import dev.aloft.server.registry.ServiceNotFoundException;
import dev.aloft.server.tenancy.CallAuthorizer;
import dev.aloft.server.tenancy.CallRejection;
import dev.aloft.server.tenancy.CallResource;
import dev.aloft.server.tenancy.Caller;
import dev.aloft.server.tenancy.TenancyInterceptor;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The identity proxy: lets an external gRPC client call any registered service of its namespace
 * through the server, as if it were inside. Authorizes the call with the same {@link
 * CallAuthorizer} as every other call (resource {@code service:<service>:<Service.Method>}),
 * resolves the service's nodes through the registry in the caller's namespace and forwards the call
 * to one of them ({@link ForwardedCall}). See docs/proxy.md.
 *
 * <p>Calls arrive on the gRPC server's event loop. When the caller's token, the namespace's rules
 * and the service's nodes are known, the call is forwarded right there; when any of them must be
 * fetched first (a backend read that may block), the forwarding is done on a worker, the call's
 * events held meanwhile, so the event loop never waits ({@link NonBlocking}).
 */
@ApplicationScoped
public class ServiceProxy {

  private static final Logger LOG = Logger.getLogger(ServiceProxy.class);

  private final CallAuthorizer authorizer;
  private final ServiceNodes serviceNodes;
  private final NodeChannels channels;
  private final Executor workers;

  @Inject
  public ServiceProxy(CallAuthorizer authorizer, ServiceNodes serviceNodes, NodeChannels channels) {
    this(authorizer, serviceNodes, channels, Infrastructure.getDefaultWorkerPool());
  }

  /** A proxy whose forwarding that must fetch first runs on WORKERS. */
  ServiceProxy(
      CallAuthorizer authorizer,
      ServiceNodes serviceNodes,
      NodeChannels channels,
      Executor workers) {
    this.authorizer = authorizer;
    this.serviceNodes = serviceNodes;
    this.channels = channels;
    this.workers = workers;
  }

  /**
   * The resource a proxied call is, as rules name it: {@code service:<target>:<Service.Method>}.
   */
  public static Resource resource(String target, String fullMethodName) {
    String grpcService = MethodDescriptor.extractFullServiceName(fullMethodName);
    String method = fullMethodName.substring(fullMethodName.lastIndexOf('/') + 1);
    return new Resource(
        CallResource.TYPE,
        target,
        TargetService.simpleName(grpcService == null ? "" : grpcService) + "." + method);
  }

  /**
   * Forwards the incoming call to a node of {@code target}, or closes it with the reason it may not
   * or cannot go there.
   */
  public <Q, R> ServerCall.Listener<Q> forward(
      ServerCall<Q, R> call, Metadata headers, MethodDescriptor<Q, R> method, String target) {
    ServerCall.Listener<Q> forwarded =
        NonBlocking.attempt(() -> forwardNow(call, headers, method, target));
    if (forwarded != null) {
      return forwarded;
    }
    HeldListener<Q> held = new HeldListener<>();
    workers.execute(
        Context.current().wrap(() -> held.deliverTo(forwardNow(call, headers, method, target))));
    return held;
  }

  private <Q, R> ServerCall.Listener<Q> forwardNow(
      ServerCall<Q, R> call, Metadata headers, MethodDescriptor<Q, R> method, String target) {
    try {
      Resource resource = resource(target, method.getFullMethodName());
      Caller caller =
          authorizer.authorize(
              headers.get(TenancyInterceptor.AUTHORIZATION),
              headers.get(TenancyInterceptor.NAMESPACE),
              resource);
      List<ServiceNode> nodes = serviceNodes.inCallOrder(caller.namespace(), target);
      if (nodes.isEmpty()) {
        throw new ServiceNotFoundException(target);
      }
      Metadata forwarded = new Metadata();
      forwarded.merge(headers);
      forwarded.discardAll(TenancyInterceptor.NAMESPACE);
      forwarded.put(TenancyInterceptor.NAMESPACE, caller.namespace());
      CallOptions options = CallOptions.DEFAULT;
      Deadline deadline = Context.current().getDeadline();
      if (deadline != null) {
        options = options.withDeadline(deadline);
      }
      return new ForwardedCall<>(call, method, forwarded, options, nodes, serviceNodes, channels)
          .start();
    } catch (CallRejection rejection) {
      return closed(call, rejection.status());
    } catch (ServiceNotFoundException e) {
      return closed(
          call,
          Status.NOT_FOUND.withDescription(
              "no service '"
                  + target
                  + "' is registered in this namespace (called "
                  + method.getFullMethodName()
                  + "; name the service with the aloft-service metadata entry if it registered"
                  + " under another name)"));
    } catch (InvalidRegistrationException e) {
      return closed(
          call,
          Status.INVALID_ARGUMENT.withDescription(
              "aloft-service: '" + target + "' is not a service name: " + e.getMessage()));
    } catch (NonBlocking.WouldBlock e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.errorf(e, "proxying %s to %s failed", method.getFullMethodName(), target);
      return closed(call, Status.INTERNAL.withDescription("proxying failed; see the server log"));
    }
  }

  private static <Q, R> ServerCall.Listener<Q> closed(ServerCall<Q, R> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
