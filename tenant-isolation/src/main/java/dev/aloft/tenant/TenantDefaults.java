package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.NetworkPolicyMode;
import dev.aloft.crds.v1alpha1.TenantLimits;
import dev.aloft.crds.v1alpha1.TenantQuota;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/**
 * What a tenant gets where its spec says nothing, and the step that fills those gaps.
 *
 * <p>The quota fits a small team's handful of services with room for builds; the per-container
 * defaults fit one JVM service; the per-container ceiling keeps one container from taking a quarter
 * of the quota.
 */
public final class TenantDefaults {

  /** Sum of CPU requests: 4 cores. */
  public static final String QUOTA_REQUESTS_CPU = "4";

  /** Sum of memory requests: 8 GiB. */
  public static final String QUOTA_REQUESTS_MEMORY = "8Gi";

  /** Sum of CPU limits: 8 cores. */
  public static final String QUOTA_LIMITS_CPU = "8";

  /** Sum of memory limits: 16 GiB. */
  public static final String QUOTA_LIMITS_MEMORY = "16Gi";

  /** Pods at once, build Jobs included. */
  public static final int QUOTA_PODS = 50;

  /** Aloft Services (services.aloft.dev) in the tenant. */
  public static final int QUOTA_SERVICES = 20;

  /** CPU request of a container that states none: a tenth of a core. */
  public static final String DEFAULT_REQUEST_CPU = "100m";

  /** Memory request of a container that states none. */
  public static final String DEFAULT_REQUEST_MEMORY = "256Mi";

  /** CPU limit of a container that states none: one core, so a JVM starts in reasonable time. */
  public static final String DEFAULT_LIMIT_CPU = "1";

  /** Memory limit of a container that states none. */
  public static final String DEFAULT_LIMIT_MEMORY = "512Mi";

  /** Highest CPU limit of any container. */
  public static final String MAX_CPU = "2";

  /** Highest memory limit of any container. */
  public static final String MAX_MEMORY = "4Gi";

  /** Network fence of a tenant that states none. */
  public static final NetworkPolicyMode NETWORK_POLICY = NetworkPolicyMode.ISOLATED;

  private TenantDefaults() {}

  /**
   * A copy of {@code spec} (null: none) with every absent field filled from the defaults above;
   * lists become empty lists. The input is not changed.
   */
  public static TenantSpec complete(TenantSpec spec) {
    TenantSpec given = spec == null ? new TenantSpec() : spec;
    TenantSpec complete = new TenantSpec();
    complete.setDisplayName(given.getDisplayName());
    complete.setQuota(quota(given.getQuota()));
    complete.setLimits(limits(given.getLimits()));
    complete.setNetworkPolicy(
        given.getNetworkPolicy() == null ? NETWORK_POLICY : given.getNetworkPolicy());
    complete.setAdmins(given.getAdmins() == null ? List.of() : List.copyOf(given.getAdmins()));
    complete.setAllowedSourceHosts(
        given.getAllowedSourceHosts() == null
            ? List.of()
            : List.copyOf(given.getAllowedSourceHosts()));
    return complete;
  }

  private static TenantQuota quota(TenantQuota given) {
    TenantQuota quota = given == null ? new TenantQuota() : given;
    TenantQuota complete = new TenantQuota();
    complete.setRequestsCpu(or(quota.getRequestsCpu(), QUOTA_REQUESTS_CPU));
    complete.setRequestsMemory(or(quota.getRequestsMemory(), QUOTA_REQUESTS_MEMORY));
    complete.setLimitsCpu(or(quota.getLimitsCpu(), QUOTA_LIMITS_CPU));
    complete.setLimitsMemory(or(quota.getLimitsMemory(), QUOTA_LIMITS_MEMORY));
    complete.setPods(quota.getPods() == null ? QUOTA_PODS : quota.getPods());
    complete.setServices(quota.getServices() == null ? QUOTA_SERVICES : quota.getServices());
    return complete;
  }

  private static TenantLimits limits(TenantLimits given) {
    TenantLimits limits = given == null ? new TenantLimits() : given;
    return new TenantLimits(
        resources(limits.getDefaultRequest(), DEFAULT_REQUEST_CPU, DEFAULT_REQUEST_MEMORY),
        resources(limits.getDefaultLimit(), DEFAULT_LIMIT_CPU, DEFAULT_LIMIT_MEMORY),
        resources(limits.getMax(), MAX_CPU, MAX_MEMORY));
  }

  private static ComputeResources resources(ComputeResources given, String cpu, String memory) {
    ComputeResources resources = given == null ? new ComputeResources() : given;
    return new ComputeResources(or(resources.getCpu(), cpu), or(resources.getMemory(), memory));
  }

  private static Quantity or(Quantity given, String fallback) {
    return given == null
        ? new Quantity(fallback)
        : new Quantity(given.getAmount(), given.getFormat());
  }
}
