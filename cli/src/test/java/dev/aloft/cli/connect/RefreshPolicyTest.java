package dev.aloft.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {

  private static final Instant ISSUED = Instant.parse("2030-01-01T10:00:00Z");

  private static StoredLogin login(Duration lifetime) {
    return new StoredLogin("alice", "acme", "a", "r", ISSUED, ISSUED.plus(lifetime));
  }

  @Test
  void aFifteenMinuteTokenIsRefreshedThirtySecondsBeforeExpiry() {
    StoredLogin login = login(Duration.ofMinutes(15));

    assertThat(RefreshPolicy.due(login, ISSUED.plusSeconds(60))).isFalse();
    assertThat(RefreshPolicy.due(login, ISSUED.plus(Duration.ofMinutes(15)).minusSeconds(31)))
        .isFalse();
    assertThat(RefreshPolicy.due(login, ISSUED.plus(Duration.ofMinutes(15)).minusSeconds(30)))
        .isTrue();
    assertThat(RefreshPolicy.due(login, ISSUED.plus(Duration.ofHours(3)))).isTrue();
  }

  @Test
  void aShortLivedTokenIsRefreshedInItsLastQuarter() {
    StoredLogin login = login(Duration.ofSeconds(8));

    assertThat(RefreshPolicy.margin(login.created(), login.expiry()))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(RefreshPolicy.due(login, ISSUED.plusSeconds(5))).isFalse();
    assertThat(RefreshPolicy.due(login, ISSUED.plusSeconds(6))).isTrue();
  }

  @Test
  void aLoginWithoutUsableTimesIsRefreshedOnceWithinThirtySecondsOfExpiry() {
    StoredLogin login = new StoredLogin("a", "n", "a", "r", Instant.EPOCH, ISSUED);

    assertThat(RefreshPolicy.due(login, ISSUED.minusSeconds(31))).isFalse();
    assertThat(RefreshPolicy.due(login, ISSUED.minusSeconds(29))).isTrue();
  }
}
