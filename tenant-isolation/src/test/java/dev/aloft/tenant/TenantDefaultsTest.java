package dev.aloft.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.NetworkPolicyMode;
import dev.aloft.crds.v1alpha1.TenantLimits;
import dev.aloft.crds.v1alpha1.TenantQuota;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantDefaultsTest {

  @Test
  void anAbsentSpecBecomesTheFullDefault() {
    TenantSpec spec = TenantDefaults.complete(null);

    TenantQuota quota = new TenantQuota();
    quota.setRequestsCpu(new Quantity("4"));
    quota.setRequestsMemory(new Quantity("8Gi"));
    quota.setLimitsCpu(new Quantity("8"));
    quota.setLimitsMemory(new Quantity("16Gi"));
    quota.setPods(50);
    quota.setServices(20);
    assertThat(spec.getQuota()).isEqualTo(quota);
    assertThat(spec.getLimits())
        .isEqualTo(
            new TenantLimits(
                ComputeResources.of("100m", "256Mi"),
                ComputeResources.of("1", "512Mi"),
                ComputeResources.of("2", "4Gi")));
    assertThat(spec.getNetworkPolicy()).isEqualTo(NetworkPolicyMode.ISOLATED);
    assertThat(spec.getAdmins()).isEmpty();
    assertThat(spec.getAllowedSourceHosts()).isEmpty();
    assertThat(spec.getDisplayName()).isNull();
  }

  @Test
  void givenValuesStayAndTheInputIsNotChanged() {
    TenantSpec given = new TenantSpec();
    given.setNetworkPolicy(NetworkPolicyMode.DISABLED);
    given.setAllowedSourceHosts(List.of("github.com"));
    given.setLimits(new TenantLimits(null, ComputeResources.of("2", null), null));

    TenantSpec complete = TenantDefaults.complete(given);

    assertThat(complete.getNetworkPolicy()).isEqualTo(NetworkPolicyMode.DISABLED);
    assertThat(complete.getAllowedSourceHosts()).containsExactly("github.com");
    assertThat(complete.getLimits().getDefaultLimit()).isEqualTo(ComputeResources.of("2", "512Mi"));
    assertThat(given.getQuota()).isNull();
    assertThat(given.getLimits().getDefaultLimit()).isEqualTo(ComputeResources.of("2", null));
  }
}
