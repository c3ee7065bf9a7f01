package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.tenant.TenantLabels;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels on a service's objects and pods. */
public final class ServiceLabels {

  /** Which Aloft Service a pod or object belongs to; the Deployment selects its pods by it. */
  public static final String SERVICE = AloftService.SERVICE_LABEL;

  /** The environment the service is deployed to. */
  public static final String ENVIRONMENT = "aloft.dev/environment";

  private ServiceLabels() {}

  /** The selector of the service's pods: {@code aloft.dev/service: <name>}. */
  public static Map<String, String> selector(ServicePlan plan) {
    return Map.of(SERVICE, plan.name());
  }

  /** Service, tenant, environment, the recommended name label and managed-by. */
  public static Map<String, String> of(ServicePlan plan) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SERVICE, plan.name());
    labels.put(TenantLabels.TENANT, plan.tenant());
    labels.put(ENVIRONMENT, plan.environment());
    labels.put("app.kubernetes.io/name", plan.name());
    labels.put(TenantLabels.MANAGED_BY, TenantLabels.OPERATOR);
    return labels;
  }
}
