package dev.aloft.server.runtime;

import com.google.protobuf.Timestamp;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The log of one service: one file ({@code service.log}) of records, one per line, {@code
 * <time>\t<source>\t<message>}, where source is {@code build}, {@code status}, {@code runtime}
 * (what the runtime did: an instance started, a restart) or an instance number. Readable as it is
 * ({@code tail -f}); {@link #read} and {@link Follower} turn it back into {@link LogRecord}s.
 */
final class ServiceLog {

  static final String BUILD = "build";
  static final String STATUS = "status";
  static final String RUNTIME = "runtime";

  private final Path file;
  private final Clock clock;
  private boolean closed;

  ServiceLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  Path file() {
    return file;
  }

  /** Appends MESSAGE (each of its lines a record) from SOURCE. */
  synchronized void append(String source, String message) {
    if (closed) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    String time = clock.instant().toString();
    for (String line : message.split("\\R", -1)) {
      lines.append(time).append('\t').append(source).append('\t').append(line).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the service log " + file, e);
    }
  }

  /** Stops writing (the service is being deleted); later appends are dropped. */
  synchronized void close() {
    closed = true;
  }

  /** Records a status change: {@code <status>} or {@code <status>: <first line of reason>}. */
  void status(Status status, String reason) {
    String firstLine = reason.lines().findFirst().orElse("");
    append(STATUS, statusName(status) + (firstLine.isEmpty() ? "" : ": " + firstLine));
  }

  static String statusName(Status status) {
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Reads the records there are, from SINCE on when given, the newest COUNT of them when COUNT is
   * above 0, and a follower that continues after them.
   */
  Follower read(Optional<Instant> since, long count, Consumer<LogRecord> listener) {
    Follower follower = new Follower(listener, since);
    Deque<LogRecord> records = new ArrayDeque<>();
    follower.poll(
        record -> {
          records.addLast(record);
          if (count > 0 && records.size() > count) {
            records.removeFirst();
          }
        });
    records.forEach(listener);
    return follower;
  }

  /** Reads the records appended since it last looked, in order. */
  final class Follower {
    private final Consumer<LogRecord> listener;
    private final Optional<Instant> since;
    private long position;

    private Follower(Consumer<LogRecord> listener, Optional<Instant> since) {
      this.listener = listener;
      this.since = since;
    }

    /** Hands every complete record written since the last poll to the listener. */
    void poll() {
      poll(listener);
    }

    private void poll(Consumer<LogRecord> to) {
      if (!Files.exists(file)) {
        return;
      }
      byte[] bytes;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        long size = channel.size();
        if (size <= position) {
          return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - position, 8 << 20));
        channel.read(buffer, position);
        bytes = new byte[buffer.position()];
        buffer.flip();
        buffer.get(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the service log " + file, e);
      }
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      if (end == 0) {
        return;
      }
      position += end;
      List<LogRecord> records = new ArrayList<>();
      for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
        parse(line).filter(this::wanted).ifPresent(records::add);
      }
      records.forEach(to);
    }

    private boolean wanted(LogRecord record) {
      return since.isEmpty()
          || !Instant.ofEpochSecond(
                  record.getTimestamp().getSeconds(), record.getTimestamp().getNanos())
              .isBefore(since.get());
    }
  }

  static Optional<LogRecord> parse(String line) {
    String[] parts = line.split("\t", 3);
    if (parts.length < 3) {
      return Optional.empty();
    }
    Instant time;
    try {
      time = Instant.parse(parts[0]);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    LogRecord.Builder record =
        LogRecord.newBuilder()
            .setTimestamp(
                Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()))
            .setSource(parts[1])
            .setMessage(parts[2]);
    if (STATUS.equals(parts[1])) {
      String name = parts[2].split(":", 2)[0].trim().toUpperCase(java.util.Locale.ROOT);
      try {
        record.setStatus(Status.valueOf(name));
      } catch (IllegalArgumentException e) {
        // not a status we know: the record stays plain text
      }
    }
    return Optional.of(record.build());
  }
}
