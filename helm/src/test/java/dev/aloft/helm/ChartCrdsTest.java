package dev.aloft.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs exactly the CRDs of crds/: the same files, byte for byte, as the checked-in
 * ones (which CheckedInCrdsTest keeps equal to those generated from the model), and the generated
 * ones when the crds module was built. Helm reads them from the chart's crds/ folder.
 */
class ChartCrdsTest {

  static final String REFRESH = "cp crds/*.aloft.dev-v1.yml helm/aloft/crds/";

  @Test
  void chartCrdsAreTheCheckedInOnes() throws IOException {
    Path checkedIn = RenderedChart.repository().resolve("crds");
    assertSameFiles(crdFiles(checkedIn), RenderedChart.chartDirectory().resolve("crds"));
  }

  @Test
  void chartCrdsAreTheGeneratedOnesWhenTheyWereGenerated() throws IOException {
    Path generated = RenderedChart.repository().resolve("crds/target/crds");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(generated), "crds/target/crds exists once the crds module was built");
    assertSameFiles(crdFiles(generated), RenderedChart.chartDirectory().resolve("crds"));
  }

  @Test
  void helmReadsTheThreeCrdsFromTheChart() {
    String crds = new Helm(RenderedChart.chartDirectory()).show().crds().call();
    List<String> names =
        Arrays.stream(crds.split("(?m)^(?=apiVersion:)|^---\\s*$"))
            .filter(doc -> doc.contains("kind:"))
            .map(doc -> Serialization.unmarshal(doc, CustomResourceDefinition.class))
            .map(HasMetadata::getMetadata)
            .map(m -> m.getName())
            .toList();
    assertThat(names)
        .containsExactlyInAnyOrder(
            "tenants.aloft.dev", "environments.aloft.dev", "services.aloft.dev");
  }

  private static void assertSameFiles(List<Path> expected, Path chartCrds) throws IOException {
    assertThat(expected).hasSize(3);
    assertThat(crdFiles(chartCrds))
        .as("files in %s; refresh with %s", chartCrds, REFRESH)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().map(p -> p.getFileName().toString()).toList());
    for (Path file : expected) {
      assertThat(Files.readString(chartCrds.resolve(file.getFileName())))
          .as(
              "%s differs from %s; refresh with %s",
              chartCrds.resolve(file.getFileName()), file, REFRESH)
          .isEqualTo(Files.readString(file));
    }
  }

  private static List<Path> crdFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f ->
                  f.getFileName().toString().endsWith(".yml")
                      || f.getFileName().toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
