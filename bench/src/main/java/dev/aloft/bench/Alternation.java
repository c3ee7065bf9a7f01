package dev.aloft.bench;

import java.time.Duration;

/**
 * Measures the platform and its baseline in the same run: both warm up, then they take turns in
 * rounds, in the order A B B A A B ... so that neither always goes first while the machine's other
 * load comes and goes. Each side's rounds add up to its sample.
 */
final class Alternation {

  /** One side: runs a round of the given length and returns what it measured. */
  interface Side {
    Sample round(Duration length) throws Exception;
  }

  private Alternation() {}

  /**
   * Returns {platform, baseline} for sides that run for the length they are given: each warms up
   * until its throughput is steady ({@link Warmup}), which it prints as a comment line.
   */
  static Sample[] run(BenchOptions options, Side platform, Side baseline) throws Exception {
    if (!options.warmup().isZero()) {
      Warmup.Result platformWarmup = Warmup.run(platform, options.warmup(), options.warmupMax());
      Warmup.Result baselineWarmup = Warmup.run(baseline, options.warmup(), options.warmupMax());
      System.out.println(
          "# warm-up: platform "
              + platformWarmup.describe()
              + ", baseline "
              + baselineWarmup.describe());
    }
    return alternate(options, platform, baseline);
  }

  /**
   * Returns {platform, baseline} for sides whose round is one whole operation (a build and start, a
   * change until it is served) whatever length they are given: the warm-up is one round each.
   */
  static Sample[] runWholeOperations(BenchOptions options, Side platform, Side baseline)
      throws Exception {
    if (!options.warmup().isZero()) {
      platform.round(options.warmup());
      baseline.round(options.warmup());
    }
    return alternate(options, platform, baseline);
  }

  private static Sample[] alternate(BenchOptions options, Side platform, Side baseline)
      throws Exception {
    Sample[] samples = {new Sample(), new Sample()};
    Side[] sides = {platform, baseline};
    for (int round = 0; round < options.rounds(); round++) {
      int first = round % 2;
      samples[first].add(sides[first].round(options.round()));
      samples[1 - first].add(sides[1 - first].round(options.round()));
    }
    return samples;
  }
}
