package dev.aloft.server.tenancy;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.TokenRequest;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * How tests call the server as someone: the platform admin (secret from {@code
 * <data-dir>/admin-secret}, written on the test server's first start), an account, or nobody, in a
 * namespace. Handler tests of every platform service use it, since every call passes the tenancy
 * interceptor.
 */
public final class TestCallers {

  private TestCallers() {}

  /** A plaintext channel to the test server's gRPC port. */
  public static ManagedChannel channel(int grpcPort) {
    return ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
  }

  /** A namespace no other test uses. */
  public static String newNamespace(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The generated platform admin secret of the server with this data directory. */
  public static String adminSecret(Path dataDir) {
    Path file = dataDir.resolve("admin-secret");
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no admin secret in " + file + "; the test server writes it on its first start", e);
    }
  }

  /** An access token of the platform admin. */
  public static String adminToken(Channel channel, Path dataDir) {
    return token(channel, "default", "admin", adminSecret(dataDir));
  }

  /** An access token for an account of a namespace. */
  public static String token(Channel channel, String namespace, String id, String secret) {
    return anonymous(AuthGrpc.newBlockingStub(channel), namespace)
        .token(TokenRequest.newBuilder().setId(id).setSecret(secret).build())
        .getToken()
        .getAccessToken();
  }

  /** The stub calling with this access token, in the token's namespace. */
  public static <S extends AbstractStub<S>> S as(S stub, String accessToken) {
    return stub.withInterceptors(
        MetadataUtils.newAttachHeadersInterceptor(headers(accessToken, null)));
  }

  /** The stub calling with this access token in a chosen namespace (platform admins only). */
  public static <S extends AbstractStub<S>> S as(S stub, String accessToken, String namespace) {
    return stub.withInterceptors(
        MetadataUtils.newAttachHeadersInterceptor(headers(accessToken, namespace)));
  }

  /** The stub calling without a token, in a namespace. */
  public static <S extends AbstractStub<S>> S anonymous(S stub, String namespace) {
    return stub.withInterceptors(
        MetadataUtils.newAttachHeadersInterceptor(headers(null, namespace)));
  }

  private static Metadata headers(String accessToken, String namespace) {
    Metadata headers = new Metadata();
    if (accessToken != null) {
      headers.put(TenancyInterceptor.AUTHORIZATION, "Bearer " + accessToken);
    }
    if (namespace != null) {
      headers.put(TenancyInterceptor.NAMESPACE, namespace);
    }
    return headers;
  }
}
