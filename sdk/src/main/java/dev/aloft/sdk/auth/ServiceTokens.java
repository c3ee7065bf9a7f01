package dev.aloft.sdk.auth;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.Token;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.sdk.AloftException;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The access token a service's calls carry: logged in with the service account's id and secret
 * ({@code aloft.auth.v1.Auth/Token}), renewed with the refresh token shortly before it expires, and
 * logged in again with the secret when the refresh token is refused (secret changed, token
 * expired). Without an account, calls are anonymous.
 *
 * <p>When to renew repeats the CLI's {@code RefreshPolicy} (a quarter of the lifetime before
 * expiry, at most 30 seconds): the SDK may not depend on the CLI, and the rule is two lines.
 */
public final class ServiceTokens {

  /** The two ways to get a token pair, as the platform offers them. */
  public interface Exchange {
    Token login(String id, String secret);

    Token refresh(String refreshToken);
  }

  static final Duration MAX_MARGIN = Duration.ofSeconds(30);

  private final String namespace;
  private final Optional<String> accountId;
  private final Optional<String> secret;
  private final Exchange exchange;
  private final Clock clock;
  private Token token;

  public ServiceTokens(
      String namespace,
      Optional<String> accountId,
      Optional<String> secret,
      Exchange exchange,
      Clock clock) {
    this.namespace = namespace;
    this.accountId = accountId;
    this.secret = secret;
    this.exchange = exchange;
    this.clock = clock;
  }

  /** Tokens from the platform's Auth service reached over PLATFORM, in NAMESPACE. */
  public static ServiceTokens fromPlatform(
      Channel platform, String namespace, Optional<String> accountId, Optional<String> secret) {
    Metadata headers = new Metadata();
    headers.put(IdentityHeaders.NAMESPACE, namespace);
    AuthGrpc.AuthBlockingStub auth =
        AuthGrpc.newBlockingStub(platform)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    Exchange exchange =
        new Exchange() {
          @Override
          public Token login(String id, String secretValue) {
            return auth.withDeadlineAfter(30, TimeUnit.SECONDS)
                .token(TokenRequest.newBuilder().setId(id).setSecret(secretValue).build())
                .getToken();
          }

          @Override
          public Token refresh(String refreshToken) {
            return auth.withDeadlineAfter(30, TimeUnit.SECONDS)
                .token(TokenRequest.newBuilder().setRefreshToken(refreshToken).build())
                .getToken();
          }
        };
    return new ServiceTokens(namespace, accountId, secret, exchange, Clock.systemUTC());
  }

  /** The access token for a call starting now (empty: anonymous), renewed when due. */
  public synchronized Optional<String> current() {
    if (accountId.isEmpty()) {
      return Optional.empty();
    }
    if (token == null) {
      token = login();
    } else if (due(token, clock.instant())) {
      token = renewed(token);
    }
    return Optional.of(token.getAccessToken());
  }

  /** The service account's id, if calls carry one. */
  public Optional<String> accountId() {
    return accountId;
  }

  /** Whether TOKEN must be renewed before a call made at NOW. */
  static boolean due(Token token, Instant now) {
    Instant created = Instant.ofEpochSecond(token.getCreated());
    Instant expiry = Instant.ofEpochSecond(token.getExpiry());
    Duration lifetime = Duration.between(created, expiry);
    Duration margin =
        lifetime.isNegative() || lifetime.isZero()
            ? MAX_MARGIN
            : lifetime.dividedBy(4).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(4) : MAX_MARGIN;
    return !now.isBefore(expiry.minus(margin));
  }

  private Token renewed(Token expiring) {
    if (!expiring.getRefreshToken().isEmpty()) {
      try {
        return exchange.refresh(expiring.getRefreshToken());
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean refused =
            code == Status.Code.UNAUTHENTICATED
                || code == Status.Code.PERMISSION_DENIED
                || code == Status.Code.INVALID_ARGUMENT
                || code == Status.Code.NOT_FOUND;
        if (!refused) {
          throw AloftException.of("renewing the token of service account " + describe(), e);
        }
        // the refresh token is no longer good: log in again with the secret
      }
    }
    return login();
  }

  private Token login() {
    try {
      return exchange.login(accountId.orElseThrow(), secret.orElseThrow());
    } catch (StatusRuntimeException e) {
      throw AloftException.of("logging in as service account " + describe(), e);
    }
  }

  private String describe() {
    return "'" + accountId.orElse("") + "' of namespace '" + namespace + "'";
  }
}
