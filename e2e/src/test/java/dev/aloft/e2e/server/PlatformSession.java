package dev.aloft.e2e.server;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.api.registry.v1.Value;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a running server as its users' tools do: logs in, creates accounts, registers services
 * (as a service written in another language registers itself).
 */
public final class PlatformSession implements AutoCloseable {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("aloft-namespace", Metadata.ASCII_STRING_MARSHALLER);

  public final ManagedChannel channel;

  public PlatformSession(int grpcPort) {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  public static <S extends AbstractStub<S>> S as(S stub, String token, String namespace) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AUTHORIZATION, "Bearer " + token);
    }
    if (namespace != null) {
      headers.put(NAMESPACE, namespace);
    }
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** An access token of account ID in NAMESPACE, valid for EXPIRY seconds (0: the default). */
  public String token(String namespace, String id, String secret, long expirySeconds) {
    return as(AuthGrpc.newBlockingStub(channel), null, namespace)
        .token(
            TokenRequest.newBuilder()
                .setId(id)
                .setSecret(secret)
                .setTokenExpiry(expirySeconds)
                .build())
        .getToken()
        .getAccessToken();
  }

  /** Creates a user account in NAMESPACE, as the platform admin acting there. */
  public void createAccount(String adminToken, String namespace, String id, String secret) {
    createAccount(adminToken, namespace, id, secret, "user");
  }

  /** Creates an account of TYPE ({@code user}, {@code service}) in NAMESPACE, as the admin. */
  public void createAccount(
      String adminToken, String namespace, String id, String secret, String type) {
    as(AuthGrpc.newBlockingStub(channel), adminToken, namespace)
        .generate(GenerateRequest.newBuilder().setId(id).setSecret(secret).setType(type).build());
  }

  /** Registers the helloworld test service (greeter-server.js) with these node addresses. */
  void registerHelloworld(String token, List<String> addresses) {
    Service.Builder service =
        Service.newBuilder()
            .setName("helloworld")
            .setVersion("1.0.0")
            .addEndpoints(
                Endpoint.newBuilder()
                    .setName("Helloworld.Call")
                    .setRequest(
                        message(
                            "CallRequest",
                            scalar("name", "string"),
                            field(
                                "greeting",
                                "Greeting",
                                scalar("salutation", "string"),
                                scalar("times", "int32"))))
                    .setResponse(
                        message(
                            "CallResponse",
                            scalar("message", "string"),
                            scalar("node", "string"),
                            scalar("namespace", "string"))))
            .addEndpoints(
                Endpoint.newBuilder()
                    .setName("Helloworld.Stream")
                    .setRequest(
                        message(
                            "StreamRequest", scalar("name", "string"), scalar("count", "int32")))
                    .setResponse(
                        message(
                            "StreamResponse",
                            scalar("message", "string"),
                            scalar("index", "int32")))
                    .putMetadata("stream", "true"));
    for (int i = 0; i < addresses.size(); i++) {
      service.addNodes(Node.newBuilder().setId("helloworld-" + i).setAddress(addresses.get(i)));
    }
    as(RegistryGrpc.newBlockingStub(channel), token, null)
        .register(RegisterRequest.newBuilder().setService(service).build());
  }

  private static Value scalar(String name, String type) {
    return Value.newBuilder().setName(name).setType(type).build();
  }

  private static Value message(String type, Value... fields) {
    return field(type, type, fields);
  }

  private static Value field(String name, String type, Value... fields) {
    return Value.newBuilder().setName(name).setType(type).addAllValues(List.of(fields)).build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
