package dev.aloft.server.calls;

import dev.aloft.server.tenancy.Caller;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Set;

/**
 * For tests of handlers over a real gRPC transport without the auth service: takes the caller's
 * namespace from a {@code test-namespace} metadata entry, trusted as the auth interceptor trusts a
 * verified token. Never part of the server.
 */
public final class CallerFromMetadata implements ServerInterceptor {

  public static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("test-namespace", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String namespace = headers.get(NAMESPACE);
    if (namespace == null) {
      return next.startCall(call, headers);
    }
    Caller caller = new Caller("test-account", namespace, namespace, Set.of("service"), false);
    return Contexts.interceptCall(
        Context.current().withValue(Caller.CONTEXT_KEY, caller), call, headers, next);
  }
}
