package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.Promotion;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantStatus;
import dev.aloft.tenant.TenantNames;
import java.util.List;

/**
 * The rules a service must pass before it is deployed, as pure functions of the resources involved:
 * its namespace belongs to a Ready tenant, its environment exists and lets the tenant in, and its
 * image is known (given, or resolved from the promoted service).
 */
public final class ServiceAdmission {

  private ServiceAdmission() {}

  /** The tenant whose namespace ({@code aloft-<tenant>}) the service lives in. */
  public static String tenantName(AloftService service) throws ServiceRefusal {
    String namespace = service.getMetadata().getNamespace();
    if (namespace == null || !namespace.startsWith(TenantNames.PREFIX)) {
      throw new ServiceRefusal(
          "NotInTenantNamespace",
          "metadata.namespace "
              + namespace
              + " is not a tenant's namespace; create the service in aloft-<tenant>");
    }
    return namespace.substring(TenantNames.PREFIX.length());
  }

  /** Passes when the tenant exists and its Ready condition is True. */
  public static void requireTenantReady(String name, Tenant tenant) throws ServiceRefusal {
    if (tenant == null) {
      throw new ServiceRefusal(
          "TenantNotFound",
          "metadata.namespace: tenant (aloft.dev Namespace) " + name + " does not exist; waiting");
    }
    List<dev.aloft.crds.v1alpha1.Condition> conditions =
        tenant.getStatus() == null ? null : tenant.getStatus().getConditions();
    boolean ready =
        conditions != null
            && conditions.stream()
                .anyMatch(
                    c ->
                        TenantStatus.CONDITION_READY.equals(c.getType())
                            && c.getStatus() == ConditionStatus.TRUE);
    if (!ready) {
      throw new ServiceRefusal(
          "TenantNotReady", "tenant " + name + " is not Ready yet; waiting for it");
    }
  }

  /**
   * Passes when the environment exists and its allowedTenants is empty or lists * or the tenant.
   */
  public static void requireEnvironmentAllows(
      AloftService service, String tenant, Environment environment) throws ServiceRefusal {
    String name = service.getSpec().getEnvironment();
    if (environment == null) {
      throw new ServiceRefusal(
          "EnvironmentNotFound", "spec.environment: Environment " + name + " does not exist");
    }
    List<String> allowed = environment.getSpec().getAllowedTenants();
    if (allowed != null
        && !allowed.isEmpty()
        && !allowed.contains("*")
        && !allowed.contains(tenant)) {
      throw new ServiceRefusal(
          "EnvironmentNotAllowed",
          "spec.environment: tenant "
              + tenant
              + " may not deploy to environment "
              + name
              + " (its spec.allowedTenants is "
              + allowed
              + ")");
    }
  }

  /**
   * The image to run: spec.image (under the environment's registry when it names no registry host),
   * or for spec.promotion the promoted service's repository at the promoted digest. A service with
   * spec.source is built instead ({@link ServiceBuildJobs}).
   *
   * @param promoted the service spec.promotion.service names (null when absent or not found)
   */
  public static String image(AloftService service, Environment environment, AloftService promoted)
      throws ServiceRefusal {
    var spec = service.getSpec();
    if (spec.getImage() != null) {
      return ServiceDefaults.imageInRegistry(spec.getImage(), environment);
    }
    if (spec.getPromotion() != null) {
      return promotedImage(service, spec.getPromotion(), promoted);
    }
    throw new ServiceRefusal(
        "NothingToRun", "spec: one of spec.source, spec.image and spec.promotion must be set");
  }

  /** The name spec.promotion.service means: itself when absent. */
  public static String promotedServiceName(AloftService service) {
    Promotion promotion = service.getSpec().getPromotion();
    return promotion.getService() == null
        ? service.getMetadata().getName()
        : promotion.getService();
  }

  private static String promotedImage(AloftService service, Promotion promotion, AloftService from)
      throws ServiceRefusal {
    String name = promotedServiceName(service);
    if (name.equals(service.getMetadata().getName())) {
      throw new ServiceRefusal(
          "PromotionFromItself",
          "spec.promotion.service: names this service itself; name the service that runs the"
              + " revision in environment "
              + promotion.getFromEnvironment());
    }
    if (from == null) {
      throw new ServiceRefusal(
          "PromotedServiceNotFound",
          "spec.promotion.service: service " + name + " does not exist in this namespace");
    }
    if (!promotion.getFromEnvironment().equals(from.getSpec().getEnvironment())) {
      throw new ServiceRefusal(
          "PromotedServiceInOtherEnvironment",
          "spec.promotion.fromEnvironment: service "
              + name
              + " is in environment "
              + from.getSpec().getEnvironment()
              + ", not "
              + promotion.getFromEnvironment());
    }
    String running = from.getStatus() == null ? null : from.getStatus().getImage();
    if (running == null) {
      throw new ServiceRefusal(
          "PromotedImageUnknown",
          "spec.promotion.digest: service " + name + " has no status.image yet; waiting");
    }
    int at = running.indexOf('@');
    String digest = running.substring(at + 1);
    if (!digest.equals(promotion.getDigest())) {
      throw new ServiceRefusal(
          "PromotedDigestNotRunning",
          "spec.promotion.digest: "
              + promotion.getDigest()
              + " is not what service "
              + name
              + " runs in "
              + promotion.getFromEnvironment()
              + " ("
              + running
              + ")");
    }
    return running;
  }
}
