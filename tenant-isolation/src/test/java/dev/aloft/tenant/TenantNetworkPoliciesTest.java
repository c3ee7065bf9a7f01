package dev.aloft.tenant;

import static dev.aloft.tenant.TenantFixtures.ACME_LABELS;
import static dev.aloft.tenant.TenantFixtures.PLATFORM;
import static dev.aloft.tenant.TenantFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.NetworkPolicyMode;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantNetworkPoliciesTest {

  private static final Map<String, String> ACME_NAMESPACES = Map.of("aloft.dev/tenant", "acme");
  private static final Map<String, String> PLATFORM_NAMESPACE =
      Map.of("aloft.dev/platform", "true");

  @Test
  void isolatedIsTheDefaultAndDeniesAllButTenantPlatformAndDns() {
    List<NetworkPolicy> policies = TenantNetworkPolicies.desired(tenant("acme"), PLATFORM);

    assertThat(policies)
        .extracting(policy -> policy.getMetadata().getName())
        .containsExactly(
            "aloft-default-deny",
            "aloft-allow-from-tenant",
            "aloft-allow-from-platform",
            "aloft-allow-egress");
    assertThat(policies)
        .allSatisfy(
            policy -> {
              assertThat(policy.getMetadata().getNamespace()).isEqualTo("aloft-acme");
              assertThat(policy.getMetadata().getLabels()).isEqualTo(ACME_LABELS);
              assertSelectsEveryPod(policy.getSpec().getPodSelector());
            });

    NetworkPolicy deny = policies.get(0);
    assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isEmpty();
    assertThat(deny.getSpec().getEgress()).isEmpty();

    assertIngressOnlyFrom(policies.get(1), ACME_NAMESPACES);
    assertIngressOnlyFrom(policies.get(2), PLATFORM_NAMESPACE);

    NetworkPolicy egress = policies.get(3);
    assertThat(egress.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(egress.getSpec().getIngress()).isEmpty();
    List<NetworkPolicyEgressRule> rules = egress.getSpec().getEgress();
    assertThat(rules).hasSize(3);
    assertThat(rules.get(0).getTo()).as("DNS to any resolver").isEmpty();
    assertThat(rules.get(0).getPorts())
        .extracting(NetworkPolicyPort::getProtocol, NetworkPolicyPort::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UDP", new IntOrString(53)),
            org.assertj.core.groups.Tuple.tuple("TCP", new IntOrString(53)));
    assertOnlyNamespaces(rules.get(1).getTo(), ACME_NAMESPACES);
    assertThat(rules.get(1).getPorts()).as("any port within the tenant").isEmpty();
    assertOnlyNamespaces(rules.get(2).getTo(), PLATFORM_NAMESPACE);
    assertThat(rules.get(2).getPorts()).as("any port to the platform").isEmpty();
  }

  @Test
  void ingressOnlyDeniesIngressAndLeavesEgressOpen() {
    TenantSpec spec = new TenantSpec();
    spec.setNetworkPolicy(NetworkPolicyMode.INGRESS_ONLY);

    List<NetworkPolicy> policies = TenantNetworkPolicies.desired(tenant("acme", spec), PLATFORM);

    assertThat(policies)
        .extracting(policy -> policy.getMetadata().getName())
        .containsExactly(
            "aloft-default-deny", "aloft-allow-from-tenant", "aloft-allow-from-platform");
    assertThat(policies.get(0).getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policies)
        .allSatisfy(
            policy -> assertThat(policy.getSpec().getPolicyTypes()).doesNotContain("Egress"));
    assertIngressOnlyFrom(policies.get(1), ACME_NAMESPACES);
    assertIngressOnlyFrom(policies.get(2), PLATFORM_NAMESPACE);
  }

  @Test
  void theSelectAllPodSelectorIsWrittenAsAnEmptyObject() {
    // The API server requires spec.podSelector; {} selects every pod of the namespace.
    String yaml =
        new KubernetesSerialization()
            .asYaml(TenantNetworkPolicies.desired(tenant("acme"), PLATFORM).get(0));

    assertThat(yaml).contains("podSelector: {}").contains("- \"Ingress\"").contains("- \"Egress\"");
  }

  @Test
  void disabledMeansNoPolicies() {
    TenantSpec spec = new TenantSpec();
    spec.setNetworkPolicy(NetworkPolicyMode.DISABLED);

    assertThat(TenantNetworkPolicies.desired(tenant("acme", spec), PLATFORM)).isEmpty();
  }

  @Test
  void thePlatformIsSelectedByTheLabelsItIsConfiguredWith() {
    PlatformSettings platform =
        new PlatformSettings("platform", Map.of("team", "platform", "tier", "core"), List.of());

    List<NetworkPolicy> policies = TenantNetworkPolicies.desired(tenant("globex"), platform);

    assertIngressOnlyFrom(policies.get(2), Map.of("team", "platform", "tier", "core"));
    assertIngressOnlyFrom(policies.get(1), Map.of("aloft.dev/tenant", "globex"));
    assertThat(policies.get(0).getMetadata().getNamespace()).isEqualTo("aloft-globex");
  }

  private static void assertIngressOnlyFrom(
      NetworkPolicy policy, Map<String, String> namespaceLabels) {
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getEgress()).isEmpty();
    List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).getPorts()).isEmpty();
    assertOnlyNamespaces(rules.get(0).getFrom(), namespaceLabels);
  }

  /** Exactly one peer: all pods of the namespaces with these labels, nothing else. */
  private static void assertOnlyNamespaces(
      List<NetworkPolicyPeer> peers, Map<String, String> labels) {
    assertThat(peers).hasSize(1);
    NetworkPolicyPeer peer = peers.get(0);
    assertThat(peer.getIpBlock()).isNull();
    assertThat(peer.getPodSelector()).isNull();
    assertThat(peer.getNamespaceSelector().getMatchLabels()).isEqualTo(labels);
    assertThat(peer.getNamespaceSelector().getMatchExpressions()).isEmpty();
  }

  private static void assertSelectsEveryPod(LabelSelector selector) {
    assertThat(selector).isNotNull();
    assertThat(selector.getMatchLabels()).isEmpty();
    assertThat(selector.getMatchExpressions()).isEmpty();
  }
}
