package dev.aloft.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Warms one side of a comparison up before it is measured: runs it in windows until at least the
 * least warm-up has passed and its throughput has stopped rising, at most until the longest
 * warm-up. A server's code paths are compiled one after another as they get hot, and on 2 cores
 * some take long: the embedded store write through the server still rose from 1,553/s to 7,429/s
 * between 8 s and 50 s of writing (RESULTS.md), so a fixed warm-up measured it while it warmed.
 *
 * <p>Steady means: the mean throughput of the last {@link #STEADY_WINDOWS} windows is at most
 * {@link #RISE} times that of the {@link #STEADY_WINDOWS} before them. Warm-up time counts the
 * windows' lengths, not the time between them.
 */
final class Warmup {

  static final Duration WINDOW = Duration.ofSeconds(2);
  static final int STEADY_WINDOWS = 3;
  static final double RISE = 1.05;

  /** How long a side warmed up, whether it got steady, and its throughput in the last windows. */
  record Result(Duration took, boolean steady, double perSecond) {
    String describe() {
      return String.format(
          "%.0f s (%s at %.0f/s)",
          took.toMillis() / 1000.0, steady ? "steady" : "cut off, not steady yet,", perSecond);
    }
  }

  private Warmup() {}

  static Result run(Alternation.Side side, Duration least, Duration longest) throws Exception {
    Duration window = least.compareTo(WINDOW) < 0 ? least : WINDOW;
    List<Double> throughputs = new ArrayList<>();
    Duration took = Duration.ZERO;
    while (true) {
      throughputs.add(side.round(window).perSecond());
      took = took.plus(window);
      boolean steady = steady(throughputs);
      if ((steady && took.compareTo(least) >= 0) || took.compareTo(longest) >= 0) {
        return new Result(took, steady, lastMean(throughputs));
      }
    }
  }

  /** Whether the last windows' mean throughput rose by at most RISE over the ones before them. */
  static boolean steady(List<Double> throughputs) {
    int n = throughputs.size();
    if (n < 2 * STEADY_WINDOWS) {
      return false;
    }
    double before = mean(throughputs.subList(n - 2 * STEADY_WINDOWS, n - STEADY_WINDOWS));
    double last = mean(throughputs.subList(n - STEADY_WINDOWS, n));
    return last <= before * RISE;
  }

  private static double lastMean(List<Double> throughputs) {
    int n = throughputs.size();
    return mean(throughputs.subList(Math.max(0, n - STEADY_WINDOWS), n));
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
