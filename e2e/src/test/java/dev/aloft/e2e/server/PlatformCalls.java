package dev.aloft.e2e.server;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.TokenRequest;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/**
 * Calling a running server's platform services as a client does: with a bearer token from
 * Auth.Token, in the token's namespace or (platform admins) in one named by {@code
 * aloft-namespace}.
 */
final class PlatformCalls {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("aloft-namespace", Metadata.ASCII_STRING_MARSHALLER);

  /** Generous: the machine running the tests is shared. */
  static final long DEADLINE_SECONDS = 60;

  private PlatformCalls() {}

  /** An access token for an account of a namespace, logged in with its secret. */
  static String token(Channel channel, String namespace, String id, String secret) {
    return anonymous(AuthGrpc.newBlockingStub(channel), namespace)
        .token(TokenRequest.newBuilder().setId(id).setSecret(secret).build())
        .getToken()
        .getAccessToken();
  }

  /** The stub calling with this token, in the token's own namespace. */
  static <S extends AbstractStub<S>> S as(S stub, String token) {
    return with(stub, token, null);
  }

  /** The stub calling with this token in a chosen namespace (platform admins only). */
  static <S extends AbstractStub<S>> S as(S stub, String token, String namespace) {
    return with(stub, token, namespace);
  }

  /** The stub calling without a token, in a namespace. */
  static <S extends AbstractStub<S>> S anonymous(S stub, String namespace) {
    return with(stub, null, namespace);
  }

  private static <S extends AbstractStub<S>> S with(S stub, String token, String namespace) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AUTHORIZATION, "Bearer " + token);
    }
    if (namespace != null) {
      headers.put(NAMESPACE, namespace);
    }
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }
}
