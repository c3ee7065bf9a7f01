package dev.aloft.cli.connect;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Optional;

/**
 * Adds the caller's identity to every call: {@code authorization: Bearer <access token>} (taken
 * when the call starts, so a long session keeps refreshing) and, when chosen, {@code
 * aloft-namespace}.
 */
final class PlatformCallHeaders implements ClientInterceptor {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("aloft-namespace", Metadata.ASCII_STRING_MARSHALLER);

  private final AccessTokens tokens;
  private final Optional<String> namespace;

  PlatformCallHeaders(AccessTokens tokens, Optional<String> namespace) {
    this.tokens = tokens;
    this.namespace = namespace;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    // Resolved here, on the caller's thread, so a failed refresh surfaces as the call's failure.
    Optional<String> token = tokens.current();
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        token.ifPresent(value -> headers.put(AUTHORIZATION, "Bearer " + value));
        namespace.ifPresent(value -> headers.put(NAMESPACE, value));
        super.start(listener, headers);
      }
    };
  }
}
