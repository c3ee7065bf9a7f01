package dev.aloft.bench;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/**
 * The running server driven as a platform user does: the platform admin sets up a namespace with a
 * user account (the caller) and a service account (that registers the echo service), as the e2e
 * tests' PlatformSession does.
 */
final class PlatformClient implements AutoCloseable {

  static final String NAMESPACE = "bench";
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NAMESPACE_KEY =
      Metadata.Key.of("aloft-namespace", Metadata.ASCII_STRING_MARSHALLER);

  final ManagedChannel channel;

  /** The access token of the user account {@code loader} in {@link #NAMESPACE}. */
  final String userToken;

  PlatformClient(AloftServer server) {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort).usePlaintext().build();
    String admin = token("default", "admin", AloftServer.ADMIN_SECRET);
    createAccount(admin, "loader", "loader-secret-1", "user");
    userToken = token(NAMESPACE, "loader", "loader-secret-1");
  }

  /** Headers that call as TOKEN (in its own namespace, or NAMESPACE when not null). */
  static ClientInterceptor as(String token, String namespace) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AUTHORIZATION, "Bearer " + token);
    }
    if (namespace != null) {
      headers.put(NAMESPACE_KEY, namespace);
    }
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** STUB calling as the user account {@code loader}. */
  <S extends AbstractStub<S>> S asUser(S stub) {
    return stub.withInterceptors(as(userToken, null));
  }

  String token(String namespace, String id, String secret) {
    return AuthGrpc.newBlockingStub(channel)
        .withInterceptors(as(null, namespace))
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .token(TokenRequest.newBuilder().setId(id).setSecret(secret).build())
        .getToken()
        .getAccessToken();
  }

  void createAccount(String adminToken, String id, String secret, String type) {
    AuthGrpc.newBlockingStub(channel)
        .withInterceptors(as(adminToken, NAMESPACE))
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .generate(GenerateRequest.newBuilder().setId(id).setSecret(secret).setType(type).build());
  }

  /** Registers SERVICE with one node at ADDRESS, with a service account of that name. */
  void registerService(String service, String address) {
    String admin = token("default", "admin", AloftServer.ADMIN_SECRET);
    createAccount(admin, service, service + "-secret-1", "service");
    String serviceToken = token(NAMESPACE, service, service + "-secret-1");
    RegistryGrpc.newBlockingStub(channel)
        .withInterceptors(as(serviceToken, null))
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .register(
            RegisterRequest.newBuilder()
                .setService(
                    Service.newBuilder()
                        .setName(service)
                        .setVersion("1.0.0")
                        .addNodes(Node.newBuilder().setId(service + "-1").setAddress(address)))
                .build());
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
