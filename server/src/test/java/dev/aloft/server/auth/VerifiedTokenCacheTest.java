package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.server.calls.NonBlocking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the verified-token cache keeps, and when it stops answering. */
class VerifiedTokenCacheTest {

  private Instant now = Instant.parse("2026-11-25T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final AtomicLong keys = new AtomicLong();

  private VerifiedToken expiringIn(Duration lifetime) {
    return new VerifiedToken(
        "alice", "acme", AccountType.USER, List.of("dev"), Map.of(), now, now.plus(lifetime));
  }

  @Test
  void answersAKeptTokenUntilJustBeforeItsExpiry() {
    VerifiedTokenCache cache = new VerifiedTokenCache(clock, 10, keys::get);
    VerifiedToken token = expiringIn(Duration.ofSeconds(60));
    cache.put("t1", token, cache.keyGeneration());

    assertThat(cache.get("t1")).isSameAs(token);
    assertThat(cache.get("t2")).isNull();
    now = now.plusSeconds(59);
    assertThat(cache.get("t1")).isSameAs(token);
    now = now.plusSeconds(1);
    assertThat(cache.get("t1")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void newKeysMakeEveryTokenVerifiedBeforeAMiss() {
    VerifiedTokenCache cache = new VerifiedTokenCache(clock, 10, keys::get);
    long before = cache.keyGeneration();
    cache.put("t1", expiringIn(Duration.ofMinutes(5)), before);
    keys.incrementAndGet();

    assertThat(cache.get("t1")).isNull();

    // stored with the generation read before a check during which the keys changed: never used
    cache.put("t2", expiringIn(Duration.ofMinutes(5)), before);
    assertThat(cache.get("t2")).isNull();
    cache.put("t3", expiringIn(Duration.ofMinutes(5)), cache.keyGeneration());
    assertThat(cache.get("t3")).isNotNull();
  }

  @Test
  void neverKeepsMoreThanItsBoundDroppingExpiredTokensFirst() {
    VerifiedTokenCache cache = new VerifiedTokenCache(clock, 3, keys::get);
    cache.put("short", expiringIn(Duration.ofSeconds(1)), 0);
    cache.put("a", expiringIn(Duration.ofMinutes(5)), 0);
    cache.put("b", expiringIn(Duration.ofMinutes(5)), 0);
    now = now.plusSeconds(2);

    cache.put("c", expiringIn(Duration.ofMinutes(5)), 0);

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();

    cache.put("d", expiringIn(Duration.ofMinutes(5)), 0);
    assertThat(cache.size()).isLessThanOrEqualTo(3);
    assertThat(cache.get("d")).isNotNull();
  }

  @Test
  void verifyRunsTheFullCheckOnlyForTokensItDoesNotKeepAndNeverKeepsARefusal() throws Exception {
    VerifiedTokenCache cache = new VerifiedTokenCache(clock, 10, keys::get);
    VerifiedToken token = expiringIn(Duration.ofMinutes(5));
    AtomicLong fullChecks = new AtomicLong();
    VerifiedTokenCache.FullCheck accepting =
        t -> {
          fullChecks.incrementAndGet();
          return token;
        };
    VerifiedTokenCache.FullCheck refusing =
        t -> {
          fullChecks.incrementAndGet();
          throw new InvalidTokenException("bad signature");
        };

    assertThat(cache.verify("good", accepting)).isSameAs(token);
    assertThat(cache.verify("good", refusing)).isSameAs(token);
    assertThat(fullChecks).hasValue(1);

    assertThatThrownBy(() -> cache.verify("bad", refusing))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("bad signature");
    assertThat(cache.get("bad")).isNull();
    assertThat(fullChecks).hasValue(2);

    keys.incrementAndGet(); // new keys: checked again, then kept with the new generation
    assertThat(cache.verify("good", accepting)).isSameAs(token);
    assertThat(cache.verify("good", accepting)).isSameAs(token);
    assertThat(fullChecks).hasValue(3);
  }

  @Test
  void withoutBlockingOnlyAKeptTokenIsAnswered() throws Exception {
    VerifiedTokenCache cache = new VerifiedTokenCache(clock, 10, keys::get);
    VerifiedToken token = expiringIn(Duration.ofMinutes(5));
    AtomicLong fullChecks = new AtomicLong();
    VerifiedTokenCache.FullCheck check =
        t -> {
          fullChecks.incrementAndGet();
          return token;
        };

    // a full check may fetch keys: the attempt ends before it
    assertThat(
            NonBlocking.<VerifiedToken, InvalidTokenException>attempt(
                () -> cache.verify("t1", check)))
        .isNull();
    assertThat(fullChecks).hasValue(0);

    cache.verify("t1", check);
    assertThat(
            NonBlocking.<VerifiedToken, InvalidTokenException>attempt(
                () -> cache.verify("t1", check)))
        .isSameAs(token);
    assertThat(fullChecks).hasValue(1);
  }
}
