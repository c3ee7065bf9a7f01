package dev.aloft.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.runtime.v1.LogRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodLogLinesTest {

  @Test
  void aTimestampedLineIsARecordOfItsTime() {
    LogRecord record =
        PodLogLines.record("orders-1", "2026-01-31T12:00:01.123456789Z listening on 8081");
    assertThat(record.getSource()).isEqualTo("orders-1");
    assertThat(record.getMessage()).isEqualTo("listening on 8081");
    assertThat(record.getTimestamp().getSeconds())
        .isEqualTo(Instant.parse("2026-01-31T12:00:01Z").getEpochSecond());
    assertThat(record.getTimestamp().getNanos()).isEqualTo(123456789);

    LogRecord plain = PodLogLines.record("build", "no time here");
    assertThat(plain.getMessage()).isEqualTo("no time here");
    assertThat(plain.getTimestamp().getSeconds()).isZero();
  }

  @Test
  void podsAreMergedByTimeFromSinceAndCountKeepsTheNewest() {
    List<LogRecord> records = new ArrayList<>();
    records.addAll(
        PodLogLines.records(
            "a", "2026-01-31T12:00:01Z a1\n2026-01-31T12:00:03Z a2\n2026-01-31T12:00:05Z a3\n"));
    records.addAll(PodLogLines.records("b", "2026-01-31T12:00:02Z b1\n2026-01-31T12:00:04Z b2"));

    List<LogRecord> all = PodLogLines.ordered(records, Optional.empty());
    assertThat(all).extracting(LogRecord::getMessage).containsExactly("a1", "b1", "a2", "b2", "a3");

    List<LogRecord> since =
        PodLogLines.ordered(records, Optional.of(Instant.parse("2026-01-31T12:00:03Z")));
    assertThat(since).extracting(LogRecord::getMessage).containsExactly("a2", "b2", "a3");

    assertThat(PodLogLines.newest(all, 2))
        .extracting(LogRecord::getMessage)
        .containsExactly("b2", "a3");
    assertThat(PodLogLines.newest(all, 0)).hasSize(5);
    assertThat(PodLogLines.newest(all, 9)).hasSize(5);
    assertThat(PodLogLines.records("a", "")).isEmpty();
  }
}
