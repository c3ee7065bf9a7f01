package dev.aloft.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * A fixed number of callers, each doing one operation after the other for a while (a closed loop):
 * each operation's latency goes into the sample, and the sample's throughput is the number of
 * operations over the wall time. An operation that fails stops the benchmark with its cause:
 * numbers about failures would be meaningless.
 */
final class ClosedLoop {

  /** One operation of caller {@code caller}, its {@code n}th. */
  interface Operation {
    void call(int caller, long n) throws Exception;
  }

  private ClosedLoop() {}

  static Sample run(int callers, Duration duration, Operation operation) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<Histogram> histograms = new ArrayList<>();
    long[] counts = new long[callers];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < callers; i++) {
      int caller = i;
      Histogram histogram = Sample.histogram();
      histograms.add(histogram);
      Thread thread =
          new Thread(
              () -> {
                long n = 0;
                try {
                  while (failure.get() == null) {
                    long before = System.nanoTime();
                    if (before >= end) {
                      break;
                    }
                    operation.call(caller, n++);
                    histogram.recordValue(System.nanoTime() - before);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
                counts[caller] = histogram.getTotalCount();
              },
              "bench-caller-" + i);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("an operation failed: " + failure.get(), failure.get());
    }
    Sample sample = new Sample();
    for (int i = 0; i < callers; i++) {
      sample.latencies.add(histograms.get(i));
      sample.operations += counts[i];
    }
    sample.nanos = elapsed;
    return sample;
  }
}
