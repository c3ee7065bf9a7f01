package dev.aloft.cli.connect;

import dev.aloft.api.auth.v1.Token;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where the bearer token of a call comes from: {@code ALOFT_TOKEN}, the stored login of the
 * environment (refreshed with its refresh token when due, and the new pair saved), or nowhere
 * (anonymous calls, which only public rules let through).
 */
public final class AccessTokens {

  /** The environment variable whose access token overrides the stored login. */
  public static final String VARIABLE = "ALOFT_TOKEN";

  private enum Origin {
    VARIABLE,
    LOGIN,
    NONE
  }

  private final Origin origin;
  private final String environment;
  private final String fixedToken;
  private final Clock clock;
  private final Function<String, Token> refresh;
  private final Consumer<StoredLogin> save;
  private StoredLogin login;

  private AccessTokens(
      Origin origin,
      String environment,
      String fixedToken,
      StoredLogin login,
      Clock clock,
      Function<String, Token> refresh,
      Consumer<StoredLogin> save) {
    this.origin = origin;
    this.environment = environment;
    this.fixedToken = fixedToken;
    this.login = login;
    this.clock = clock;
    this.refresh = refresh;
    this.save = save;
  }

  /** The token given in ALOFT_TOKEN, used as is. */
  public static AccessTokens fromVariable(String environment, String token) {
    return new AccessTokens(Origin.VARIABLE, environment, token.trim(), null, null, null, null);
  }

  /** No token: calls are anonymous. */
  public static AccessTokens none(String environment) {
    return new AccessTokens(Origin.NONE, environment, null, null, null, null, null);
  }

  /**
   * The stored login of ENVIRONMENT; REFRESH exchanges a refresh token for a new pair, SAVE keeps
   * the renewed login.
   */
  public static AccessTokens fromLogin(
      String environment,
      StoredLogin login,
      Clock clock,
      Function<String, Token> refresh,
      Consumer<StoredLogin> save) {
    return new AccessTokens(Origin.LOGIN, environment, null, login, clock, refresh, save);
  }

  /** The access token for a call starting now, refreshing the stored one when due. */
  public synchronized Optional<String> current() {
    return switch (origin) {
      case VARIABLE -> Optional.of(fixedToken);
      case NONE -> Optional.empty();
      case LOGIN -> {
        if (RefreshPolicy.due(login, clock.instant())) {
          login = renewed(login);
          save.accept(login);
        }
        yield Optional.of(login.accessToken());
      }
    };
  }

  /** The stored login in use (after any refresh), if the tokens come from one. */
  public synchronized Optional<StoredLogin> login() {
    return Optional.ofNullable(login);
  }

  /** What to tell a user whose call was refused for want of a (valid) token. */
  public String loginHint() {
    return switch (origin) {
      case VARIABLE ->
          "the token in " + VARIABLE + " was not accepted; unset it or put a fresh one there";
      case NONE -> "not logged in to environment '" + environment + "'; log in with: aloft login";
      case LOGIN -> "log in again with: aloft login";
    };
  }

  /** What to tell a user whose account may not make a call. */
  public String deniedHint() {
    return switch (origin) {
      case VARIABLE -> "the account of " + VARIABLE + " may not do this";
      case NONE -> "not logged in to environment '" + environment + "'; log in with: aloft login";
      case LOGIN ->
          "you are logged in as '"
              + login.account()
              + "' of namespace '"
              + login.namespace()
              + "' (switch accounts with: aloft login)";
    };
  }

  private StoredLogin renewed(StoredLogin expiring) {
    Token token;
    try {
      token = refresh.apply(expiring.refreshToken());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAUTHENTICATED
          || code == Status.Code.PERMISSION_DENIED
          || code == Status.Code.INVALID_ARGUMENT
          || code == Status.Code.NOT_FOUND) {
        throw new CliException(
            ExitCodes.DENIED,
            "the login to environment '"
                + environment
                + "' has expired and could not be renewed ("
                + e.getStatus().getDescription()
                + "); log in again with: aloft login");
      }
      throw e;
    }
    return expiring.withTokens(
        token.getAccessToken(),
        token.getRefreshToken(),
        Instant.ofEpochSecond(token.getCreated()),
        Instant.ofEpochSecond(token.getExpiry()));
  }
}
