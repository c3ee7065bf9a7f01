package dev.aloft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The one summary line per measure: the platform's percentiles beside the baseline's with the
 * difference, both throughputs with their ratio, and the targets with MET or MISSED (and by how
 * much). Every number comes from the samples of this run.
 */
final class Comparison {

  private static final double[] PERCENTILES = {50, 90, 99};

  private Comparison() {}

  static String line(
      String measure,
      String baselineName,
      Sample platform,
      Sample baseline,
      boolean withThroughput,
      Target... targets) {
    return line(
        measure, baselineName, platform, baseline, withThroughput, Comparison::time, targets);
  }

  /** A line of sizes in bytes (shown in MB) instead of times; no throughput. */
  static String memoryLine(
      String measure, String baselineName, Sample platform, Sample baseline, Target... targets) {
    return line(measure, baselineName, platform, baseline, false, Comparison::megabytes, targets);
  }

  private static String line(
      String measure,
      String baselineName,
      Sample platform,
      Sample baseline,
      boolean withThroughput,
      LongFunction<String> unit,
      Target... targets) {
    StringBuilder line = new StringBuilder(measure);
    for (double percentile : PERCENTILES) {
      long mine = platform.percentileNanos(percentile);
      long theirs = baseline.percentileNanos(percentile);
      line.append(String.format(Locale.ROOT, " p%.0f %s", percentile, unit.apply(mine)));
      if (percentile == 50) {
        line.append(" vs ").append(baselineName);
      } else {
        line.append(" vs");
      }
      line.append(' ')
          .append(unit.apply(theirs))
          .append(" (")
          .append(mine >= theirs ? "+" : "-")
          .append(unit.apply(Math.abs(mine - theirs)))
          .append(", ")
          .append(Target.ratio(theirs == 0 ? 0 : (double) mine / theirs))
          .append(')');
    }
    if (withThroughput) {
      line.append(
          String.format(
              Locale.ROOT,
              " throughput %.0f/s vs %.0f/s (%s)",
              platform.perSecond(),
              baseline.perSecond(),
              Target.ratio(platform.perSecond() / baseline.perSecond())));
    }
    line.append(String.format(Locale.ROOT, " n=%d/%d", platform.operations, baseline.operations));
    line.append(verdict(platform, baseline, targets));
    return line.toString();
  }

  private static String verdict(Sample platform, Sample baseline, Target... targets) {
    if (targets.length == 0) {
      return " target: none";
    }
    List<String> described = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    for (Target target : targets) {
      described.add(target.description());
      Optional<String> missed = target.check().missedBy(platform, baseline);
      missed.ifPresent(misses::add);
    }
    return " target: "
        + String.join(", ", described)
        + (misses.isEmpty() ? " -> MET" : " -> MISSED (" + String.join("; ", misses) + ")");
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1fMB", bytes / (1024.0 * 1024.0));
  }

  /** Microseconds below 10 ms, milliseconds below 10 s, else seconds. */
  static String time(long nanos) {
    if (nanos < 10_000_000L) {
      return (nanos / 1000) + "us";
    }
    if (nanos < 10_000_000_000L) {
      return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }
}
