package dev.aloft.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Helm's own checks of the chart, and the chart's version. */
class ChartLintTest {

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(RenderedChart.chartDirectory()).lint().strict().call();
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("lint messages")
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void chartAndAppVersionAreTheProjectVersion() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> chart =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            Files.readString(RenderedChart.chartDirectory().resolve("Chart.yaml")), Map.class);
    String version = RenderedChart.requiredProperty("aloft.version");
    assertThat(chart).containsEntry("version", version).containsEntry("appVersion", version);
    assertThat(chart.get("name")).isEqualTo("aloft");
  }

  @Test
  void notesSayHowToWaitLabelTheNamespaceAndMakeATenant() {
    Release release =
        new Helm(RenderedChart.chartDirectory())
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .set("operator.selector", "aloft.dev/stage=prod")
            .dryRun()
            .clientOnly()
            .call();
    assertThat(release.getOutput())
        .contains("Aloft " + RenderedChart.requiredProperty("aloft.version") + " is installed")
        .contains("kubectl -n aloft-system rollout status deployment/aloft-operator")
        .contains("kubectl -n aloft-system rollout status deployment/aloft-server")
        .contains("kubectl label namespace aloft-system aloft.dev/platform=true")
        .contains("reconciles resources matching aloft.dev/stage=prod")
        .contains("services reach the platform at aloft-server.aloft-system.svc:8081");
  }
}
