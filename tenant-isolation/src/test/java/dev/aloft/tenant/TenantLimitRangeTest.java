package dev.aloft.tenant;

import static dev.aloft.tenant.TenantFixtures.ACME_LABELS;
import static dev.aloft.tenant.TenantFixtures.PLATFORM;
import static dev.aloft.tenant.TenantFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.TenantLimits;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantLimitRangeTest {

  @Test
  void withoutSpecLimitsEveryContainerGetsTheDefaults() {
    LimitRange range = TenantLimitRange.desired(tenant("acme"), PLATFORM);

    assertThat(range.getMetadata().getName()).isEqualTo("aloft-limits");
    assertThat(range.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(range.getMetadata().getLabels()).isEqualTo(ACME_LABELS);
    assertThat(range.getSpec().getLimits()).hasSize(1);
    LimitRangeItem item = range.getSpec().getLimits().get(0);
    assertThat(item.getType()).isEqualTo("Container");
    assertThat(item.getDefaultRequest())
        .isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")));
    assertThat(item.getDefault())
        .isEqualTo(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")));
    assertThat(item.getMax())
        .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")));
    assertThat(item.getMin()).isEmpty();
  }

  @Test
  void givenAmountsReplaceTheirDefaultsOnly() {
    TenantSpec spec = new TenantSpec();
    spec.setLimits(
        new TenantLimits(null, ComputeResources.of(null, "1Gi"), ComputeResources.of("4", null)));

    LimitRangeItem item =
        TenantLimitRange.desired(tenant("acme", spec), PLATFORM).getSpec().getLimits().get(0);

    assertThat(item.getDefault())
        .isEqualTo(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")));
    assertThat(item.getMax())
        .isEqualTo(Map.of("cpu", new Quantity("4"), "memory", new Quantity("4Gi")));
    assertThat(item.getDefaultRequest())
        .isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")));
  }

  @Test
  void aDefaultLimitAboveTheMaximumIsRefusedNamingBothFields() {
    TenantSpec spec = new TenantSpec();
    spec.setLimits(new TenantLimits(null, null, ComputeResources.of("500m", null)));

    assertThatThrownBy(() -> TenantLimitRange.desired(tenant("acme", spec), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "spec.limits.defaultLimit.cpu (1) exceeds spec.limits.max.cpu (500m)");
  }

  @Test
  void aDefaultRequestAboveTheDefaultLimitIsRefusedNamingBothFields() {
    TenantSpec spec = new TenantSpec();
    spec.setLimits(new TenantLimits(ComputeResources.of(null, "1Gi"), null, null));

    assertThatThrownBy(() -> TenantLimitRange.desired(tenant("acme", spec), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "spec.limits.defaultRequest.memory (1Gi) exceeds spec.limits.defaultLimit.memory (512Mi)");
  }
}
