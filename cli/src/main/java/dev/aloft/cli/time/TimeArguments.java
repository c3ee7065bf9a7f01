package dev.aloft.cli.time;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations and points in time as users type them: {@code 90}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 1d}, {@code 1h30m}, {@code PT10M}; times as {@code 2024-05-01T10:00:00Z}, with an offset,
 * as Unix seconds, or as a duration meaning "that long ago".
 */
public final class TimeArguments {

  private static final Pattern PARTS = Pattern.compile("([0-9]+)(ms|d|h|m|s)");
  private static final Pattern SHORT = Pattern.compile("(?:[0-9]+(?:ms|d|h|m|s))+");

  private TimeArguments() {}

  /** A duration: whole seconds, units (d h m s ms) or ISO-8601; never negative. */
  public static Duration duration(String text) {
    String value = text.trim();
    if (value.matches("[0-9]{1,12}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (SHORT.matcher(value).matches()) {
      Duration total = Duration.ZERO;
      Matcher part = PARTS.matcher(value);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "d" -> Duration.ofDays(amount);
                  case "h" -> Duration.ofHours(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  default -> Duration.ofMillis(amount);
                });
      }
      return total;
    }
    try {
      Duration parsed = Duration.parse(value);
      if (!parsed.isNegative()) {
        return parsed;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a duration; use e.g. 90 (seconds), 30s, 5m, 2h, 1d or 1h30m");
  }

  /** A point in time: ISO-8601 (Z or offset), Unix seconds, or a duration ago from NOW. */
  public static Instant instant(String text, Instant now) {
    String value = text.trim();
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // try the other forms
    }
    if (value.matches("[0-9]{9,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    try {
      return now.minus(duration(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a time; use e.g. 2024-05-01T10:00:00Z, Unix seconds, or a duration ago"
              + " such as 10m");
    }
  }

  /** picocli converter for duration options. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return duration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** picocli converter for time options; durations count back from now. */
  public static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return instant(value, Instant.now());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
