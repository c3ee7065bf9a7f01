package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantQuota;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ResourceQuota that caps what a tenant's namespace may use in total. */
public final class TenantResourceQuota {

  /** Its name in the tenant's namespace. */
  public static final String NAME = "aloft-quota";

  /** Quota key counting Aloft Services. */
  public static final String ALOFT_SERVICES = "count/services.aloft.dev";

  private TenantResourceQuota() {}

  /** The quota from spec.quota, each absent field from {@link TenantDefaults}. */
  public static ResourceQuota desired(Tenant tenant, PlatformSettings platform) {
    TenantQuota quota = TenantDefaults.complete(tenant.getSpec()).getQuota();
    Map<String, Quantity> hard = new LinkedHashMap<>();
    hard.put("requests.cpu", quota.getRequestsCpu());
    hard.put("requests.memory", quota.getRequestsMemory());
    hard.put("limits.cpu", quota.getLimitsCpu());
    hard.put("limits.memory", quota.getLimitsMemory());
    hard.put("pods", new Quantity(String.valueOf(quota.getPods())));
    hard.put(ALOFT_SERVICES, new Quantity(String.valueOf(quota.getServices())));
    requireAtMost(quota.getRequestsCpu(), "requestsCpu", quota.getLimitsCpu(), "limitsCpu");
    requireAtMost(
        quota.getRequestsMemory(), "requestsMemory", quota.getLimitsMemory(), "limitsMemory");
    return new ResourceQuotaBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, NAME))
        .withNewSpec()
        .withHard(hard)
        .endSpec()
        .build();
  }

  /**
   * Whether ACTUAL (as read from the cluster) already states DESIRED: the same spec.hard keys with
   * the same amounts, and DESIRED's labels. Amounts compare by value, not by text: the API server
   * writes a quantity back in its canonical form ({@code 1000} becomes {@code 1k}, {@code 4000m}
   * becomes {@code 4}), so a text comparison would see a change on every reconcile and update the
   * quota against the quota controller's own status writes (conflicts that turned the tenant's
   * Isolated condition False).
   */
  public static boolean states(ResourceQuota actual, ResourceQuota desired) {
    Map<String, Quantity> want = desired.getSpec() == null ? null : desired.getSpec().getHard();
    Map<String, Quantity> have = actual.getSpec() == null ? null : actual.getSpec().getHard();
    if (want == null || have == null || !want.keySet().equals(have.keySet())) {
      return want == null && have == null;
    }
    for (Map.Entry<String, Quantity> entry : want.entrySet()) {
      if (entry
              .getValue()
              .getNumericalAmount()
              .compareTo(have.get(entry.getKey()).getNumericalAmount())
          != 0) {
        return false;
      }
    }
    Map<String, String> labels = desired.getMetadata().getLabels();
    Map<String, String> present = actual.getMetadata().getLabels();
    return labels == null
        || labels.isEmpty()
        || (present != null && present.entrySet().containsAll(labels.entrySet()));
  }

  /**
   * The keys of {@code quota}'s spec.hard that the quota controller does not enforce yet, i.e. that
   * its status does not count. Until it does, the API server refuses every create of such a kind
   * ("status unknown for quota"): a new quota on a kind the controller has not discovered yet (a
   * custom resource installed minutes ago) stays so for up to half a minute.
   */
  public static List<String> notYetEnforced(ResourceQuota quota) {
    Map<String, Quantity> hard = quota.getSpec() == null ? null : quota.getSpec().getHard();
    if (hard == null) {
      return List.of();
    }
    var status = quota.getStatus();
    Map<String, Quantity> enforced = status == null ? null : status.getHard();
    Map<String, Quantity> used = status == null ? null : status.getUsed();
    return hard.keySet().stream()
        .filter(
            key ->
                enforced == null
                    || used == null
                    || !enforced.containsKey(key)
                    || !used.containsKey(key))
        .toList();
  }

  private static void requireAtMost(
      Quantity requests, String requestsField, Quantity limits, String limitsField) {
    if (requests.getNumericalAmount().compareTo(limits.getNumericalAmount()) > 0) {
      throw new IllegalArgumentException(
          "spec.quota."
              + requestsField
              + " ("
              + requests
              + ") exceeds spec.quota."
              + limitsField
              + " ("
              + limits
              + "): every pod's requests are at most its limits, so no pod could use the"
              + " quota's requests");
    }
  }
}
