package dev.aloft.cli.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeArgumentsTest {

  @Test
  void durationsAsUsersTypeThem() {
    assertThat(TimeArguments.duration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(TimeArguments.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(TimeArguments.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(TimeArguments.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(TimeArguments.duration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(TimeArguments.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(TimeArguments.duration("PT10M")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void badDurationsSayWhatWouldDo() {
    for (String bad : new String[] {"", "5x", "-5s", "m5", "PT-1S", "1.5h"}) {
      assertThatThrownBy(() -> TimeArguments.duration(bad))
          .as(bad)
          .hasMessageContaining("is not a duration; use e.g. 90 (seconds), 30s");
    }
  }

  @Test
  void timesAsIsoUnixSecondsOrAgo() {
    Instant now = Instant.parse("2030-01-01T10:00:00Z");
    assertThat(TimeArguments.instant("2029-12-31T23:00:00Z", now))
        .isEqualTo(Instant.parse("2029-12-31T23:00:00Z"));
    assertThat(TimeArguments.instant("2030-01-01T12:00:00+02:00", now)).isEqualTo(now);
    assertThat(TimeArguments.instant("1900000000", now))
        .isEqualTo(Instant.ofEpochSecond(1900000000));
    assertThat(TimeArguments.instant("10m", now)).isEqualTo(now.minusSeconds(600));
    assertThatThrownBy(() -> TimeArguments.instant("yesterday", now))
        .hasMessageContaining("'yesterday' is not a time");
  }
}
