package dev.aloft.server.tenancy;

import dev.aloft.server.auth.BackendUnavailableException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Authenticates, places in a namespace and authorizes every gRPC call to a service of this server,
 * by asking the {@link CallAuthorizer} (the same decision the proxy and the HTTP gateway make) for
 * the call's {@link CallResource}, and either closes the call (UNAUTHENTICATED without a usable
 * token, PERMISSION_DENIED otherwise) or runs it with the {@link Caller} in the gRPC context.
 * Health and reflection stay open.
 */
@GlobalInterceptor
@ApplicationScoped
public class TenancyInterceptor implements ServerInterceptor {

  /** The bearer token: {@code authorization: Bearer <access token>}. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** The namespace an anonymous caller or a platform admin acts in. */
  public static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("aloft-namespace", Metadata.ASCII_STRING_MARSHALLER);

  private static final Set<String> OPEN_SERVICES =
      Set.of(
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection");

  private static final Logger LOG = Logger.getLogger(TenancyInterceptor.class);

  private final CallAuthorizer authorizer;

  @Inject
  public TenancyInterceptor(CallAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Caller caller;
    try {
      caller = authorize(call.getMethodDescriptor().getFullMethodName(), headers);
    } catch (CallRejection rejection) {
      call.close(rejection.status(), new Metadata());
      return new ServerCall.Listener<>() {};
    } catch (BackendUnavailableException e) {
      call.close(Status.UNAVAILABLE.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    } catch (RuntimeException e) {
      LOG.errorf(e, "authorizing %s failed", call.getMethodDescriptor().getFullMethodName());
      call.close(
          Status.INTERNAL.withDescription("authorization failed; see the server log"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(Caller.CONTEXT_KEY, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The caller of an authorized call; throws a CallRejection otherwise. */
  Caller authorize(String fullMethodName, Metadata headers) throws CallRejection {
    return authorizer.authorize(
        headers.get(AUTHORIZATION), headers.get(NAMESPACE), CallResource.of(fullMethodName));
  }
}
