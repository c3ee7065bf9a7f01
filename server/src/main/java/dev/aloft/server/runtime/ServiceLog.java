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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>Bounded: once the file passes {@code maxBytes} it is rotated to {@code service.log.1}
 * (replacing the one before) and a new file is started, so a service that writes without end keeps
 * at most about twice {@code maxBytes} on disk. Reads cover both files, oldest first, and a
 * follower finishes the rotated file before it moves on to the new one.
 */
final class ServiceLog {

  static final String BUILD = "build";
  static final String STATUS = "status";
  static final String RUNTIME = "runtime";

  private final Path file;
  private final Path rotated;
  private final Clock clock;
  private final long maxBytes;
  private boolean closed;

  ServiceLog(Path file, Clock clock, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be 1 or more, not " + maxBytes);
    }
    this.file = file;
    this.rotated = file.resolveSibling(file.getFileName() + ".1");
    this.clock = clock;
    this.maxBytes = maxBytes;
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
      if (Files.size(file) > maxBytes) {
        Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
      }
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

  /** Reads the records appended since it last looked, in order, across rotations. */
  final class Follower {
    private final Consumer<LogRecord> listener;
    private final Optional<Instant> since;

    /**
     * The identity of the file read up to {@link #position}: null before the first read, {@link
     * #NO_FILE} while there was none.
     */
    private Object reading;

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
      List<LogRecord> records = new ArrayList<>();
      Object found = identity(file);
      Object current = found == null ? NO_FILE : found;
      if (reading == null) {
        // first read: what was rotated away is older than everything in the file
        readFrom(rotated, 0, records);
        reading = current;
      } else if (!reading.equals(current)) {
        // rotated since the last poll: finish the old file where it now is, then start anew
        if (reading.equals(identity(rotated))) {
          readFrom(rotated, position, records);
        }
        reading = current;
        position = 0;
      }
      if (found != null) {
        position += readFrom(file, position, records);
      }
      records.forEach(to);
    }

    /** Adds the complete records of FILE after OFFSET; returns how many bytes they took. */
    private long readFrom(Path from, long offset, List<LogRecord> records) {
      byte[] bytes;
      try (FileChannel channel = FileChannel.open(from, StandardOpenOption.READ)) {
        long size = channel.size();
        if (size <= offset) {
          return 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 8 << 20));
        channel.read(buffer, offset);
        bytes = new byte[buffer.position()];
        buffer.flip();
        buffer.get(bytes);
      } catch (NoSuchFileException e) {
        return 0; // rotated or deleted since it was looked at
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the service log " + from, e);
      }
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      if (end == 0) {
        return 0;
      }
      for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
        parse(line).filter(this::wanted).ifPresent(records::add);
      }
      return end;
    }

    private boolean wanted(LogRecord record) {
      return since.isEmpty()
          || !Instant.ofEpochSecond(
                  record.getTimestamp().getSeconds(), record.getTimestamp().getNanos())
              .isBefore(since.get());
    }
  }

  private static final Object NO_FILE = new Object();

  /** The identity of a file (device and inode), which a rename keeps; null when there is none. */
  private static Object identity(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return key != null ? key : attributes.creationTime();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service log " + path, e);
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
