package dev.aloft.tenant;

import static dev.aloft.tenant.TenantFixtures.ACME_LABELS;
import static dev.aloft.tenant.TenantFixtures.PLATFORM;
import static dev.aloft.tenant.TenantFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.crds.v1alpha1.TenantQuota;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantResourceQuotaTest {

  @Test
  void withoutSpecQuotaTheDefaultsApply() {
    ResourceQuota quota = TenantResourceQuota.desired(tenant("acme"), PLATFORM);

    assertThat(quota.getMetadata().getName()).isEqualTo("aloft-quota");
    assertThat(quota.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(quota.getMetadata().getLabels()).isEqualTo(ACME_LABELS);
    assertThat(quota.getSpec().getHard())
        .isEqualTo(
            Map.of(
                "requests.cpu", new Quantity("4"),
                "requests.memory", new Quantity("8Gi"),
                "limits.cpu", new Quantity("8"),
                "limits.memory", new Quantity("16Gi"),
                "pods", new Quantity("50"),
                "count/services.aloft.dev", new Quantity("20")));
    assertThat(quota.getSpec().getScopes()).isEmpty();
  }

  @Test
  void givenFieldsReplaceTheirDefaultsOnly() {
    TenantQuota given = new TenantQuota();
    given.setRequestsCpu(new Quantity("500m"));
    given.setServices(3);
    TenantSpec spec = new TenantSpec();
    spec.setQuota(given);

    ResourceQuota quota = TenantResourceQuota.desired(tenant("acme", spec), PLATFORM);

    assertThat(quota.getSpec().getHard())
        .containsEntry("requests.cpu", new Quantity("500m"))
        .containsEntry("count/services.aloft.dev", new Quantity("3"))
        .containsEntry("requests.memory", new Quantity("8Gi"))
        .containsEntry("pods", new Quantity("50"));
  }

  @Test
  void requestsAboveLimitsAreRefusedNamingBothFields() {
    TenantQuota given = new TenantQuota();
    given.setRequestsMemory(new Quantity("32Gi"));
    TenantSpec spec = new TenantSpec();
    spec.setQuota(given);

    assertThatThrownBy(() -> TenantResourceQuota.desired(tenant("acme", spec), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "spec.quota.requestsMemory (32Gi) exceeds spec.quota.limitsMemory (16Gi)");
  }

  @Test
  void aQuotaIsEnforcedOnlyOnceItsStatusCountsEveryKey() {
    ResourceQuota quota = TenantResourceQuota.desired(tenant("acme"), PLATFORM);
    assertThat(TenantResourceQuota.notYetEnforced(quota))
        .as("a quota the controller has not seen")
        .containsExactlyElementsOf(quota.getSpec().getHard().keySet());

    Map<String, Quantity> counted = new HashMap<>(quota.getSpec().getHard());
    counted.remove("count/services.aloft.dev");
    quota.setStatus(new ResourceQuotaStatus(counted, counted));
    assertThat(TenantResourceQuota.notYetEnforced(quota))
        .as("the custom resource's kind not discovered yet")
        .containsExactly("count/services.aloft.dev");

    quota.setStatus(new ResourceQuotaStatus(quota.getSpec().getHard(), quota.getSpec().getHard()));
    assertThat(TenantResourceQuota.notYetEnforced(quota)).isEmpty();
  }

  @Test
  void theQuotaAsTheApiServerWritesItBackStatesTheDesiredOne() {
    TenantQuota given = new TenantQuota();
    given.setServices(1000);
    given.setRequestsCpu(new Quantity("4000m"));
    TenantSpec spec = new TenantSpec();
    spec.setQuota(given);
    ResourceQuota desired = TenantResourceQuota.desired(tenant("acme", spec), PLATFORM);
    // what the API server answers: canonical amounts, its own labels beside ours
    ResourceQuota actual = TenantResourceQuota.desired(tenant("acme", spec), PLATFORM);
    Map<String, Quantity> canonical = new HashMap<>(actual.getSpec().getHard());
    canonical.put("count/services.aloft.dev", new Quantity("1k"));
    canonical.put("requests.cpu", new Quantity("4"));
    actual.getSpec().setHard(canonical);
    Map<String, String> labels = new HashMap<>(actual.getMetadata().getLabels());
    labels.put("other", "label");
    actual.getMetadata().setLabels(labels);

    assertThat(TenantResourceQuota.states(actual, desired)).isTrue();

    canonical.put("count/services.aloft.dev", new Quantity("2k"));
    assertThat(TenantResourceQuota.states(actual, desired)).isFalse();
    canonical.put("count/services.aloft.dev", new Quantity("1k"));
    canonical.remove("pods");
    assertThat(TenantResourceQuota.states(actual, desired)).isFalse();
    canonical.put("pods", new Quantity("50"));
    labels.remove(ACME_LABELS.keySet().iterator().next());
    assertThat(TenantResourceQuota.states(actual, desired)).isFalse();
  }
}
