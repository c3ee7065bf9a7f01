package dev.aloft.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeBackendProducerTest {

  @Test
  void theKubernetesLabelsAreKeyValuePairsSeparatedByCommas() {
    assertThat(RuntimeBackendProducer.labels("aloft.dev/test=cr, team=shop,empty="))
        .containsExactly(
            Map.entry("aloft.dev/test", "cr"), Map.entry("team", "shop"), Map.entry("empty", ""));
    assertThat(RuntimeBackendProducer.labels("")).isEmpty();
  }

  @Test
  void aPairThatIsNotALabelIsNamedWithTheSetting() {
    assertThatThrownBy(() -> RuntimeBackendProducer.labels("team"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aloft.runtime.kubernetes.labels: 'team' is not a Kubernetes label key=value"
                + " (e.g. aloft.dev/test=cr,team=shop)");
    assertThatThrownBy(() -> RuntimeBackendProducer.labels("team=a b"))
        .hasMessageStartingWith("aloft.runtime.kubernetes.labels: 'team=a b'");
    assertThatThrownBy(() -> RuntimeBackendProducer.labels("-x=1"))
        .hasMessageStartingWith("aloft.runtime.kubernetes.labels: '-x=1'");
  }

  @Test
  void theLogSizeLimitIsAtLeastAKilobyte() {
    assertThat(RuntimeBackendProducer.logMaxBytes(new MemorySize(BigInteger.valueOf(10L << 20))))
        .isEqualTo(10L << 20);
    assertThatThrownBy(() -> RuntimeBackendProducer.logMaxBytes(new MemorySize(BigInteger.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aloft.runtime.log-max-size must be at least 1K (e.g. 10M), got 0 bytes");
  }

  @Test
  void theStartTimeoutIsLongerThanZero() {
    RuntimeBackendProducer.requirePositive("aloft.runtime.start-timeout", Duration.ofSeconds(60));
    assertThatThrownBy(
            () ->
                RuntimeBackendProducer.requirePositive(
                    "aloft.runtime.start-timeout", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aloft.runtime.start-timeout must be longer than 0 (e.g. 60S), got PT0S");
  }
}
