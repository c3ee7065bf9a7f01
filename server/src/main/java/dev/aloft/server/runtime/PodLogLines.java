package dev.aloft.server.runtime;

import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.Status;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Log records of pods (pure): a line of a container's log read with timestamps ({@code
 * 2026-01-31T12:00:00.123456789Z message}) is one record of the given source; records of several
 * pods are merged by time.
 */
final class PodLogLines {

  private static final Comparator<LogRecord> BY_TIME =
      Comparator.comparingLong((LogRecord r) -> r.getTimestamp().getSeconds())
          .thenComparingInt(r -> r.getTimestamp().getNanos());

  private PodLogLines() {}

  /** One line as a record; a line without a readable timestamp keeps all of its text, time 0. */
  static LogRecord record(String source, String line) {
    int space = line.indexOf(' ');
    Instant time = Instant.EPOCH;
    String message = line;
    if (space > 0) {
      try {
        time = Instant.parse(line.substring(0, space));
        message = line.substring(space + 1);
      } catch (DateTimeParseException e) {
        // not a timestamp: the whole line is the message
      }
    }
    return LogRecord.newBuilder()
        .setTimestamp(ServiceResources.timestamp(time))
        .setSource(source)
        .setMessage(message)
        .build();
  }

  /** Every line of TEXT (a container's log) as a record of SOURCE. */
  static List<LogRecord> records(String source, String text) {
    List<LogRecord> records = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return records;
    }
    text.lines().forEach(line -> records.add(record(source, line)));
    return records;
  }

  /** RECORDS from SINCE on (all without it), oldest first; records of equal time keep order. */
  static List<LogRecord> ordered(List<LogRecord> records, Optional<Instant> since) {
    List<LogRecord> kept = new ArrayList<>();
    for (LogRecord record : records) {
      Instant time =
          Instant.ofEpochSecond(
              record.getTimestamp().getSeconds(), record.getTimestamp().getNanos());
      if (since.isEmpty() || !time.isBefore(since.get())) {
        kept.add(record);
      }
    }
    kept.sort(BY_TIME);
    return kept;
  }

  /** The newest COUNT of ORDERED records (all when COUNT is 0). */
  static List<LogRecord> newest(List<LogRecord> ordered, long count) {
    if (count <= 0 || count >= ordered.size()) {
      return ordered;
    }
    return ordered.subList(ordered.size() - (int) count, ordered.size());
  }

  /** A status record: the service changed to STATUS, MESSAGE its name and reason. */
  static LogRecord status(Instant time, Status status, String message) {
    return LogRecord.newBuilder()
        .setTimestamp(ServiceResources.timestamp(time))
        .setSource("status")
        .setMessage(message)
        .setStatus(status)
        .build();
  }
}
