package dev.aloft.bench;

import java.util.Locale;
import java.util.Optional;

/** A target of the issue, checked against one comparison: empty when met, else by how much not. */
record Target(String description, Check check) {

  interface Check {
    Optional<String> missedBy(Sample platform, Sample baseline);
  }

  /** The platform adds at most {@code micros} at the median. */
  static Target addsAtMostAtP50(long micros) {
    return new Target(
        "+" + micros + "us p50",
        (platform, baseline) -> {
          long added = (platform.percentileNanos(50) - baseline.percentileNanos(50)) / 1000;
          return added <= micros
              ? Optional.empty()
              : Optional.of("p50 adds " + added + "us, " + (added - micros) + "us over");
        });
  }

  /** The platform keeps at least {@code ratio} of the baseline's throughput. */
  static Target keepsThroughput(double ratio) {
    return new Target(
        ratio(ratio) + " throughput",
        (platform, baseline) -> {
          double kept = platform.perSecond() / baseline.perSecond();
          return kept >= ratio
              ? Optional.empty()
              : Optional.of(
                  "throughput "
                      + ratio(kept)
                      + ", "
                      + ratio(ratio - kept)
                      + " short of "
                      + ratio(ratio));
        });
  }

  /** The platform's median latency is at most {@code ratio} times the baseline's. */
  static Target p50AtMostTimes(double ratio) {
    return new Target(
        "p50 <= " + ratio(ratio),
        (platform, baseline) -> {
          double times = (double) platform.percentileNanos(50) / baseline.percentileNanos(50);
          return times <= ratio
              ? Optional.empty()
              : Optional.of("p50 " + ratio(times) + ", " + ratio(times - ratio) + " over");
        });
  }

  /** The platform's largest size (bytes, over all its rounds) is at most {@code megabytes}. */
  static Target largestAtMostMegabytes(long megabytes) {
    return new Target(
        "largest <= " + megabytes + "MB",
        (platform, baseline) -> {
          double largest = platform.latencies.getMaxValue() / (1024.0 * 1024.0);
          return largest <= megabytes
              ? Optional.empty()
              : Optional.of(
                  String.format(
                      Locale.ROOT, "largest %.1fMB, %.1fMB over", largest, largest - megabytes));
        });
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2fx", value);
  }
}
