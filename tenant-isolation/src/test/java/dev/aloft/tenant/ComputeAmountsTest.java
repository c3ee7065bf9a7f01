package dev.aloft.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.ComputeResources;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComputeAmountsTest {

  /** Pairs as Kubernetes 1.20's API server stores them (checked by StoredDependentsMatchIT). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.5, 500m",
    "0.1, 100m",
    "1.5, 1500m",
    "100m, 100m",
    "2000m, 2",
    "1, 1",
    "1000, 1k",
    "1500, 1500",
    "1000M, 1G",
    "0, 0",
    "0m, 0",
    "0.0005, 1m",
    "0.0011, 2m",
    "128Mi, 128Mi",
    "1024Mi, 1Gi",
    "0.5Gi, 512Mi",
    "1.5Gi, 1536Mi",
    "1Ki, 1Ki",
    "0.5Ki, 512",
    "512Ki, 512Ki",
    "134217728, 134217728",
    "1e3, 1e3",
    "1000e3, 1e6",
    "2G, 2G",
  })
  void amountsAreWrittenAsTheApiServerWritesThem(String given, String stored) {
    assertThat(ComputeAmounts.canonical(new Quantity(given)).toString()).isEqualTo(stored);
  }

  @Test
  void aResourcesBlockStatesOnlyWhatItGives() {
    ComputeResources resources = new ComputeResources();
    resources.setCpu(new Quantity("0.25"));
    assertThat(ComputeAmounts.of(resources)).containsOnlyKeys("cpu");
    assertThat(ComputeAmounts.of(resources).get("cpu").toString()).isEqualTo("250m");
    assertThat(ComputeAmounts.of(null)).isEmpty();
  }
}
