package dev.aloft.sdk.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Optional;

/**
 * Who a service's call comes from and where it goes: {@code authorization: Bearer <access token>}
 * (taken when the call starts, so tokens renew over a long life), {@code aloft-namespace} and, for
 * calls to another service through the proxy, {@code aloft-service} (docs/proxy.md).
 */
public final class IdentityHeaders implements ClientInterceptor {

  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("aloft-namespace", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> SERVICE =
      Metadata.Key.of("aloft-service", Metadata.ASCII_STRING_MARSHALLER);

  private final ServiceTokens tokens;
  private final String namespace;
  private final Optional<String> service;

  private IdentityHeaders(ServiceTokens tokens, String namespace, Optional<String> service) {
    this.tokens = tokens;
    this.namespace = namespace;
    this.service = service;
  }

  /** Headers of calls to the platform's own services. */
  public static IdentityHeaders toPlatform(ServiceTokens tokens, String namespace) {
    return new IdentityHeaders(tokens, namespace, Optional.empty());
  }

  /** Headers of calls to the registered service SERVICE, through the proxy. */
  public static IdentityHeaders toService(ServiceTokens tokens, String namespace, String service) {
    return new IdentityHeaders(tokens, namespace, Optional.of(service));
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    // Resolved on the caller's thread, so a failed login surfaces as the caller's exception.
    Optional<String> token = tokens.current();
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        token.ifPresent(value -> headers.put(AUTHORIZATION, "Bearer " + value));
        headers.put(NAMESPACE, namespace);
        service.ifPresent(value -> headers.put(SERVICE, value));
        super.start(listener, headers);
      }
    };
  }
}
