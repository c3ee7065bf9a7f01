package dev.aloft.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.runtime.v1.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's log file: records, rotation at its size limit, reads and follows across it. */
class ServiceLogTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);
  // one record: "2026-12-07T06:00:00Z\t1\tline 00042\n" is 37 bytes
  private static final long MAX_BYTES = 1_000;

  @TempDir Path dir;

  private static List<String> messages(List<LogRecord> records) {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  private static String line(int i) {
    return String.format("line %05d", i);
  }

  @Test
  void rotatesPastItsLimitKeepingAtMostTwoFiles() throws Exception {
    Path file = dir.resolve("service.log");
    ServiceLog log = new ServiceLog(file, CLOCK, MAX_BYTES);

    for (int i = 0; i < 1_000; i++) {
      log.append("1", line(i));
    }

    assertThat(Files.size(file)).isLessThanOrEqualTo(MAX_BYTES);
    assertThat(Files.size(dir.resolve("service.log.1"))).isBetween(MAX_BYTES, MAX_BYTES + 37);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("service.log", "service.log.1");
    }
    // everything still there is read, oldest first, and it ends with the newest record
    List<LogRecord> all = new ArrayList<>();
    log.read(Optional.empty(), 0, all::add);
    List<String> read = messages(all);
    int first = Integer.parseInt(read.get(0).substring(5));
    assertThat(read).hasSizeGreaterThan((int) (MAX_BYTES / 37));
    assertThat(read)
        .containsExactlyElementsOf(IntStream.range(first, 1_000).mapToObj(i -> line(i)).toList());
    // the newest N span both files
    List<LogRecord> newest = new ArrayList<>();
    log.read(Optional.empty(), 40, newest::add);
    assertThat(messages(newest))
        .containsExactlyElementsOf(IntStream.range(960, 1_000).mapToObj(i -> line(i)).toList());
  }

  @Test
  void aFollowerSeesEveryRecordOnceAcrossRotations() {
    ServiceLog log = new ServiceLog(dir.resolve("service.log"), CLOCK, MAX_BYTES);
    List<LogRecord> seen = new ArrayList<>();
    ServiceLog.Follower follower = log.read(Optional.empty(), 0, seen::add);

    int written = 0;
    for (int round = 0; round < 40; round++) {
      // at most one rotation between two polls: fewer than MAX_BYTES written each time
      for (int i = 0; i < 20; i++) {
        log.append("1", line(written++));
      }
      follower.poll();
    }

    assertThat(messages(seen))
        .containsExactlyElementsOf(IntStream.range(0, written).mapToObj(i -> line(i)).toList());
  }

  @Test
  void aFollowerStartedAfterARotationReadsTheRotatedFileFirst() {
    ServiceLog log = new ServiceLog(dir.resolve("service.log"), CLOCK, MAX_BYTES);
    for (int i = 0; i < 30; i++) { // 30 x 37 bytes: one rotation
      log.append("1", line(i));
    }
    List<LogRecord> seen = new ArrayList<>();

    ServiceLog.Follower follower = log.read(Optional.empty(), 0, seen::add);
    log.append("1", line(30));
    follower.poll();

    assertThat(messages(seen))
        .containsExactlyElementsOf(IntStream.range(0, 31).mapToObj(i -> line(i)).toList());
  }

  @Test
  void aLimitBelowOneByteIsRefused() {
    assertThatThrownBy(() -> new ServiceLog(dir.resolve("service.log"), CLOCK, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be 1 or more, not 0");
  }
}
