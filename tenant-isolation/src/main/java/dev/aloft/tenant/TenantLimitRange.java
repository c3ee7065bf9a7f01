package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantLimits;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The LimitRange that gives every container of a tenant requests and limits (the quota needs them)
 * and caps each one.
 */
public final class TenantLimitRange {

  /** Its name in the tenant's namespace. */
  public static final String NAME = "aloft-limits";

  private TenantLimitRange() {}

  /**
   * One {@code Container} item from spec.limits, each absent amount from {@link TenantDefaults};
   * fails naming the fields when a default request exceeds the default limit or a default limit
   * exceeds the maximum (the API server would refuse such a LimitRange).
   */
  public static LimitRange desired(Tenant tenant, PlatformSettings platform) {
    TenantLimits limits = TenantDefaults.complete(tenant.getSpec()).getLimits();
    requireOrdered(limits, "cpu", ComputeResources::getCpu);
    requireOrdered(limits, "memory", ComputeResources::getMemory);
    return new LimitRangeBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, NAME))
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefaultRequest(ComputeAmounts.of(limits.getDefaultRequest()))
        .withDefault(ComputeAmounts.of(limits.getDefaultLimit()))
        .withMax(ComputeAmounts.of(limits.getMax()))
        .endLimit()
        .endSpec()
        .build();
  }

  private static void requireOrdered(
      TenantLimits limits,
      String resource,
      java.util.function.Function<ComputeResources, Quantity> amount) {
    requireAtMost(
        amount.apply(limits.getDefaultRequest()),
        "defaultRequest." + resource,
        amount.apply(limits.getDefaultLimit()),
        "defaultLimit." + resource);
    requireAtMost(
        amount.apply(limits.getDefaultLimit()),
        "defaultLimit." + resource,
        amount.apply(limits.getMax()),
        "max." + resource);
  }

  private static void requireAtMost(
      Quantity lower, String lowerField, Quantity upper, String upperField) {
    if (lower.getNumericalAmount().compareTo(upper.getNumericalAmount()) > 0) {
      throw new IllegalArgumentException(
          "spec.limits."
              + lowerField
              + " ("
              + lower
              + ") exceeds spec.limits."
              + upperField
              + " ("
              + upper
              + "); absent fields take the defaults of TenantDefaults");
    }
  }
}
