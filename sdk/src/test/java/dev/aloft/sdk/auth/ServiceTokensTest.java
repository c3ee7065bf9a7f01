package dev.aloft.sdk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.auth.v1.Token;
import dev.aloft.sdk.AloftException;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceTokensTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** The platform's answers, in order, and what was asked. */
  private static final class ScriptedExchange implements ServiceTokens.Exchange {
    final List<String> asked = new ArrayList<>();
    int issued;
    Instant now = T0;
    RuntimeException refreshFailure;

    @Override
    public Token login(String id, String secret) {
      asked.add("login " + id + " " + secret);
      return next();
    }

    @Override
    public Token refresh(String refreshToken) {
      asked.add("refresh " + refreshToken);
      if (refreshFailure != null) {
        throw refreshFailure;
      }
      return next();
    }

    private Token next() {
      issued++;
      return Token.newBuilder()
          .setAccessToken("access-" + issued)
          .setRefreshToken("refresh-" + issued)
          .setCreated(now.getEpochSecond())
          .setExpiry(now.plusSeconds(900).getEpochSecond())
          .build();
    }
  }

  private final ScriptedExchange exchange = new ScriptedExchange();

  private ServiceTokens tokens(Clock clock) {
    return new ServiceTokens(
        "acme", Optional.of("orders"), Optional.of("secret-1"), exchange, clock);
  }

  @Test
  void logsInOnceAndReusesTheTokenWhileFresh() {
    ServiceTokens tokens = tokens(Clock.fixed(T0.plusSeconds(800), ZoneOffset.UTC));
    assertThat(tokens.current()).contains("access-1");
    assertThat(tokens.current()).contains("access-1");
    assertThat(exchange.asked).containsExactly("login orders secret-1");
  }

  @Test
  void refreshesWithinThirtySecondsOfExpiry() {
    MutableClock clock = new MutableClock(T0);
    ServiceTokens tokens = tokens(clock);
    tokens.current();
    clock.now = T0.plusSeconds(869);
    assertThat(tokens.current()).contains("access-1");
    clock.now = T0.plusSeconds(870);
    exchange.now = clock.now;
    assertThat(tokens.current()).contains("access-2");
    assertThat(exchange.asked).containsExactly("login orders secret-1", "refresh refresh-1");
  }

  @Test
  void logsInAgainWhenTheRefreshTokenIsRefused() {
    MutableClock clock = new MutableClock(T0);
    ServiceTokens tokens = tokens(clock);
    tokens.current();
    clock.now = T0.plusSeconds(2000);
    exchange.refreshFailure =
        Status.UNAUTHENTICATED.withDescription("revoked").asRuntimeException();
    assertThat(tokens.current()).contains("access-2");
    assertThat(exchange.asked)
        .containsExactly("login orders secret-1", "refresh refresh-1", "login orders secret-1");
  }

  @Test
  void aRefusedLoginIsAClearException() {
    ServiceTokens tokens =
        new ServiceTokens(
            "acme",
            Optional.of("orders"),
            Optional.of("wrong"),
            new ServiceTokens.Exchange() {
              @Override
              public Token login(String id, String secret) {
                throw Status.UNAUTHENTICATED
                    .withDescription("wrong id or secret")
                    .asRuntimeException();
              }

              @Override
              public Token refresh(String refreshToken) {
                throw new AssertionError();
              }
            },
            Clock.systemUTC());
    assertThatThrownBy(tokens::current)
        .isInstanceOf(AloftException.class)
        .hasMessage(
            "logging in as service account 'orders' of namespace 'acme': UNAUTHENTICATED: wrong"
                + " id or secret");
  }

  @Test
  void withoutAnAccountCallsAreAnonymous() {
    ServiceTokens tokens =
        new ServiceTokens("acme", Optional.empty(), Optional.empty(), exchange, Clock.systemUTC());
    assertThat(tokens.current()).isEmpty();
    assertThat(exchange.asked).isEmpty();
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
