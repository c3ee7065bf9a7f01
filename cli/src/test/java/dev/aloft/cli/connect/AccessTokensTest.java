package dev.aloft.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.auth.v1.Token;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final List<String> refreshedWith = new ArrayList<>();
  private final List<StoredLogin> saved = new ArrayList<>();

  private StoredLogin login(Instant expiry) {
    return new StoredLogin(
        "alice", "acme", "old-access", "old-refresh", expiry.minusSeconds(900), expiry);
  }

  private AccessTokens tokens(StoredLogin login) {
    return AccessTokens.fromLogin(
        "prod",
        login,
        clock,
        refreshToken -> {
          refreshedWith.add(refreshToken);
          return Token.newBuilder()
              .setAccessToken("new-access")
              .setRefreshToken("new-refresh")
              .setCreated(NOW.getEpochSecond())
              .setExpiry(NOW.plusSeconds(900).getEpochSecond())
              .build();
        },
        saved::add);
  }

  @Test
  void aFreshTokenIsUsedAsStored() {
    AccessTokens tokens = tokens(login(NOW.plusSeconds(600)));

    assertThat(tokens.current()).contains("old-access");
    assertThat(refreshedWith).isEmpty();
    assertThat(saved).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefreshedOnceAndTheNewPairSaved() {
    AccessTokens tokens = tokens(login(NOW.minusSeconds(5)));

    assertThat(tokens.current()).contains("new-access");
    assertThat(tokens.current()).contains("new-access");
    assertThat(refreshedWith).containsExactly("old-refresh");
    assertThat(saved).hasSize(1);
    assertThat(saved.get(0).refreshToken()).isEqualTo("new-refresh");
    assertThat(saved.get(0).account()).isEqualTo("alice");
    assertThat(saved.get(0).expiry()).isEqualTo(NOW.plusSeconds(900));
  }

  @Test
  void aRejectedRefreshAsksToLogInAgain() {
    AccessTokens tokens =
        AccessTokens.fromLogin(
            "prod",
            login(NOW.minusSeconds(5)),
            clock,
            refreshToken -> {
              throw Status.UNAUTHENTICATED
                  .withDescription("refresh_token: revoked")
                  .asRuntimeException();
            },
            saved::add);

    assertThatThrownBy(tokens::current)
        .isInstanceOf(CliException.class)
        .hasMessage(
            "the login to environment 'prod' has expired and could not be renewed"
                + " (refresh_token: revoked); log in again with: aloft login")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.DENIED));
    assertThat(saved).isEmpty();
  }

  @Test
  void theVariableOverridesAndNoneIsAnonymous() {
    assertThat(AccessTokens.fromVariable("prod", " tok\n").current()).contains("tok");
    assertThat(AccessTokens.fromVariable("prod", "tok").loginHint()).contains("ALOFT_TOKEN");
    assertThat(AccessTokens.none("prod").current()).isEmpty();
    assertThat(AccessTokens.none("prod").loginHint())
        .isEqualTo("not logged in to environment 'prod'; log in with: aloft login");
  }
}
