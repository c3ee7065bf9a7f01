package dev.aloft.cli.connect;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.Token;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.cli.CliException;
import dev.aloft.cli.env.CliConfig;
import dev.aloft.cli.env.Environment;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.AbstractStub;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A channel to one environment that carries the caller's identity: the bearer token of {@code
 * ALOFT_TOKEN} or of the environment's stored login (refreshed when due and saved back), and the
 * chosen namespace. Plaintext or TLS as the environment's address says. Close it when done.
 *
 * <pre>{@code
 * try (PlatformConnection platform = PlatformConnection.open(config, variables, namespace)) {
 *   try {
 *     var services = platform.unary(RegistryGrpc::newBlockingStub).listServices(request);
 *   } catch (StatusRuntimeException e) {
 *     throw platform.failure(e); // one line, exit code by status
 *   }
 * }
 * }</pre>
 *
 * <p>Commands get all of this by extending {@link PlatformCommand}.
 */
public final class PlatformConnection implements AutoCloseable {

  /** How long a unary call may take before the CLI gives up. */
  public static final long UNARY_DEADLINE_SECONDS = 30;

  private static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final Environment environment;
  private final ManagedChannel transport;
  private final AccessTokens tokens;
  private final Channel channel;

  private PlatformConnection(
      Environment environment,
      ManagedChannel transport,
      AccessTokens tokens,
      Optional<String> namespace) {
    this.environment = environment;
    this.transport = transport;
    this.tokens = tokens;
    this.channel =
        ClientInterceptors.intercept(transport, new PlatformCallHeaders(tokens, namespace));
  }

  /**
   * Connects to the current environment of CONFIG as the user: ALOFT_TOKEN from VARIABLES if set,
   * else the environment's stored login, else anonymously; acting in NAMESPACE when given.
   */
  public static PlatformConnection open(
      CliConfig config, Map<String, String> variables, Optional<String> namespace) {
    Environment environment = config.current();
    ManagedChannel transport = transport(environment);
    String name = environment.name();
    String variable = variables.get(AccessTokens.VARIABLE);
    AccessTokens tokens;
    if (variable != null && !variable.isBlank()) {
      tokens = AccessTokens.fromVariable(name, variable);
    } else {
      tokens =
          config
              .credentials(name)
              .flatMap(StoredLogin::fromJson)
              .map(
                  login ->
                      AccessTokens.fromLogin(
                          name,
                          login,
                          Clock.systemUTC(),
                          refreshToken -> refresh(transport, refreshToken),
                          renewed -> {
                            config.setCredentials(name, renewed.toJson());
                            config.save();
                          }))
              .orElseGet(() -> AccessTokens.none(name));
    }
    return new PlatformConnection(environment, transport, tokens, namespace);
  }

  /** Connects to ENVIRONMENT without any token (to log in), acting in NAMESPACE when given. */
  public static PlatformConnection anonymous(Environment environment, Optional<String> namespace) {
    return new PlatformConnection(
        environment, transport(environment), AccessTokens.none(environment.name()), namespace);
  }

  /** The channel to build stubs on; every call on it carries the caller's identity. */
  public Channel channel() {
    return channel;
  }

  /** A stub for unary calls, each with a deadline of {@link #UNARY_DEADLINE_SECONDS}. */
  public <S extends AbstractStub<S>> S unary(Function<Channel, S> stubFactory) {
    return stubFactory.apply(channel).withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** A stub for streaming calls, without deadline (they run until done or cancelled). */
  public <S extends AbstractStub<S>> S streaming(Function<Channel, S> stubFactory) {
    return stubFactory.apply(channel);
  }

  public Environment environment() {
    return environment;
  }

  public AccessTokens tokens() {
    return tokens;
  }

  /** The one-line failure, with its exit code, for a call on this connection that failed. */
  public CliException failure(StatusRuntimeException e) {
    return PlatformFailures.of(e.getStatus(), environment, tokens);
  }

  @Override
  public void close() {
    transport.shutdownNow();
    try {
      transport.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ManagedChannel transport(Environment environment) {
    ChannelCredentials credentials =
        environment.tls() ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
    return Grpc.newChannelBuilder(environment.target(), credentials)
        .userAgent("aloft-cli")
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }

  private static Token refresh(ManagedChannel transport, String refreshToken) {
    return AuthGrpc.newBlockingStub(transport)
        .withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .token(TokenRequest.newBuilder().setRefreshToken(refreshToken).build())
        .getToken();
  }
}
