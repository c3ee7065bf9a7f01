package dev.aloft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTest {

  /** A side whose windows measure the given throughputs, one per window, then the last forever. */
  private static final class Scripted implements Alternation.Side {
    private final Iterator<Double> script;
    private double last;
    final List<Duration> asked = new ArrayList<>();

    Scripted(Double... throughputs) {
      this.script = List.of(throughputs).iterator();
    }

    @Override
    public Sample round(Duration length) {
      asked.add(length);
      if (script.hasNext()) {
        last = script.next();
      }
      Sample sample = new Sample();
      sample.nanos = length.toNanos();
      sample.operations = Math.round(last * length.toNanos() / 1e9);
      return sample;
    }
  }

  @Test
  void aSideStillRisingAfterTheLeastWarmupGoesOnUntilItIsSteady() throws Exception {
    // 1,500/s rising to 7,000/s over 16 windows (32 s), then flat
    Double[] script = new Double[20];
    for (int i = 0; i < script.length; i++) {
      script[i] = Math.min(7000.0, 1500.0 + 350.0 * i);
    }
    Scripted side = new Scripted(script);

    Warmup.Result result = Warmup.run(side, Duration.ofSeconds(20), Duration.ofSeconds(120));

    assertThat(result.steady()).isTrue();
    assertThat(result.took()).isGreaterThan(Duration.ofSeconds(32));
    assertThat(result.perSecond()).isCloseTo(7000.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(side.asked).allMatch(Warmup.WINDOW::equals);
  }

  @Test
  void aSideSteadyFromTheStartWarmsUpForTheLeastWarmupOnly() throws Exception {
    Scripted side = new Scripted(5000.0, 5200.0, 4900.0, 5100.0, 5000.0, 4950.0);

    Warmup.Result result = Warmup.run(side, Duration.ofSeconds(20), Duration.ofSeconds(120));

    assertThat(result.steady()).isTrue();
    assertThat(result.took()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aSideThatNeverSettlesIsCutOffAtTheLongestWarmupAndSaysSo() throws Exception {
    Double[] script = new Double[100];
    for (int i = 0; i < script.length; i++) {
      script[i] = 1000.0 * Math.pow(1.1, i);
    }
    Scripted side = new Scripted(script);

    Warmup.Result result = Warmup.run(side, Duration.ofSeconds(20), Duration.ofSeconds(60));

    assertThat(result.steady()).isFalse();
    assertThat(result.took()).isEqualTo(Duration.ofSeconds(60));
    assertThat(result.describe()).contains("60 s").contains("not steady");
  }

  @Test
  void aLeastWarmupShorterThanAWindowIsOneWindowOfThatLength() throws Exception {
    Scripted side = new Scripted(100.0);

    Warmup.Result result = Warmup.run(side, Duration.ofSeconds(1), Duration.ofSeconds(1));

    assertThat(side.asked).containsExactly(Duration.ofSeconds(1));
    assertThat(result.took()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void steadyComparesTheLastWindowsWithTheOnesBefore() {
    assertThat(Warmup.steady(List.of(1.0, 1.0, 1.0, 1.0, 1.0))).isFalse(); // too few windows
    assertThat(Warmup.steady(List.of(100.0, 100.0, 100.0, 104.0, 105.0, 106.0))).isTrue();
    assertThat(Warmup.steady(List.of(100.0, 100.0, 100.0, 105.0, 106.0, 107.0))).isFalse();
    // a falling side is steady: it will not get faster by waiting
    assertThat(Warmup.steady(List.of(100.0, 100.0, 100.0, 80.0, 80.0, 80.0))).isTrue();
  }
}
