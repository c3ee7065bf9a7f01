package dev.aloft.bench;

import org.HdrHistogram.Histogram;

/**
 * What one side of a comparison measured: the latency of each operation (nanoseconds, in an
 * HdrHistogram), how many operations completed and in how much wall time. Rounds add up.
 */
final class Sample {

  /** Up to an hour per operation (or 3.6 TB of memory), three significant digits. */
  static Histogram histogram() {
    return new Histogram(3_600_000_000_000L, 3);
  }

  final Histogram latencies = histogram();
  long operations;
  long nanos;

  /** One operation that took NANOS (a start, a build): its time and its count. */
  static Sample single(long nanos) {
    Sample sample = new Sample();
    sample.latencies.recordValue(nanos);
    sample.operations = 1;
    sample.nanos = nanos;
    return sample;
  }

  void add(Sample round) {
    latencies.add(round.latencies);
    operations += round.operations;
    nanos += round.nanos;
  }

  double perSecond() {
    return nanos == 0 ? 0 : operations * 1e9 / nanos;
  }

  long percentileNanos(double percentile) {
    return latencies.getValueAtPercentile(percentile);
  }
}
