package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.NetworkPolicyMode;
import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicies that fence a tenant's namespace in, by spec.networkPolicy:
 *
 * <ul>
 *   <li>{@code Isolated} (default): deny all ingress and egress, then allow ingress from the
 *       tenant's namespaces and the platform's, and egress to DNS, the tenant's namespaces and the
 *       platform's.
 *   <li>{@code IngressOnly}: the same for ingress; egress stays open.
 *   <li>{@code Disabled}: none (the operator deletes those it made before).
 * </ul>
 *
 * <p>Namespaces are selected by label ({@code aloft.dev/tenant}, the platform's labels from {@link
 * PlatformSettings}): Kubernetes 1.20 gives namespaces no name label to select by. DNS egress is
 * allowed on port 53 to any address, since the resolver may be CoreDNS in the cluster, a node-local
 * cache or the host's.
 */
public final class TenantNetworkPolicies {

  /** Denies every connection not allowed by another policy. */
  public static final String DEFAULT_DENY = "aloft-default-deny";

  /** Allows ingress from pods in namespaces of the same tenant. */
  public static final String ALLOW_FROM_TENANT = "aloft-allow-from-tenant";

  /** Allows ingress from pods in the platform's namespace (gateway, proxy, operator). */
  public static final String ALLOW_FROM_PLATFORM = "aloft-allow-from-platform";

  /** Allows egress to DNS, the same tenant and the platform. */
  public static final String ALLOW_EGRESS = "aloft-allow-egress";

  /** The DNS port, UDP and TCP. */
  public static final int DNS_PORT = 53;

  private TenantNetworkPolicies() {}

  /** The policies the tenant's mode asks for, in a fixed order; empty when Disabled. */
  public static List<NetworkPolicy> desired(Tenant tenant, PlatformSettings platform) {
    NetworkPolicyMode mode = TenantDefaults.complete(tenant.getSpec()).getNetworkPolicy();
    List<NetworkPolicy> policies = new ArrayList<>();
    switch (mode) {
      case DISABLED -> {}
      case INGRESS_ONLY -> {
        policies.add(defaultDeny(tenant, platform, List.of("Ingress")));
        policies.add(allowFromTenant(tenant, platform));
        policies.add(allowFromPlatform(tenant, platform));
      }
      case ISOLATED -> {
        policies.add(defaultDeny(tenant, platform, List.of("Ingress", "Egress")));
        policies.add(allowFromTenant(tenant, platform));
        policies.add(allowFromPlatform(tenant, platform));
        policies.add(allowEgress(tenant, platform));
      }
    }
    return policies;
  }

  private static NetworkPolicy defaultDeny(
      Tenant tenant, PlatformSettings platform, List<String> policyTypes) {
    return new NetworkPolicyBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, DEFAULT_DENY))
        .withNewSpec()
        .withPodSelector(allPods())
        .withPolicyTypes(policyTypes)
        .endSpec()
        .build();
  }

  private static NetworkPolicy allowFromTenant(Tenant tenant, PlatformSettings platform) {
    return new NetworkPolicyBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, ALLOW_FROM_TENANT))
        .withNewSpec()
        .withPodSelector(allPods())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(tenantNamespaces(tenant))
        .endIngress()
        .endSpec()
        .build();
  }

  private static NetworkPolicy allowFromPlatform(Tenant tenant, PlatformSettings platform) {
    return new NetworkPolicyBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, ALLOW_FROM_PLATFORM))
        .withNewSpec()
        .withPodSelector(allPods())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(platformNamespace(platform))
        .endIngress()
        .endSpec()
        .build();
  }

  private static NetworkPolicy allowEgress(Tenant tenant, PlatformSettings platform) {
    return new NetworkPolicyBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, ALLOW_EGRESS))
        .withNewSpec()
        .withPodSelector(allPods())
        .withPolicyTypes("Egress")
        .addNewEgress()
        .addNewPort()
        .withProtocol("UDP")
        .withPort(new IntOrString(DNS_PORT))
        .endPort()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(DNS_PORT))
        .endPort()
        .endEgress()
        .addNewEgress()
        .withTo(tenantNamespaces(tenant))
        .endEgress()
        .addNewEgress()
        .withTo(platformNamespace(platform))
        .endEgress()
        .endSpec()
        .build();
  }

  /** Every pod of the namespace the policy is in. */
  private static LabelSelector allPods() {
    return new LabelSelectorBuilder().build();
  }

  private static NetworkPolicyPeer tenantNamespaces(Tenant tenant) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(TenantLabels.TENANT, TenantNames.tenantName(tenant)))
        .endNamespaceSelector()
        .build();
  }

  private static NetworkPolicyPeer platformNamespace(PlatformSettings platform) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .withMatchLabels(platform.namespaceLabels())
        .endNamespaceSelector()
        .build();
  }
}
