package dev.aloft.operator.service;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;

/**
 * The Secret {@code <service>-registry-credentials} in the tenant's namespace: a copy of the
 * environment's registry credentials (a {@code kubernetes.io/dockerconfigjson} Secret in the
 * platform's namespace, which pods of other namespaces cannot use), named in the Deployment's
 * {@code imagePullSecrets}.
 */
public final class ServicePullSecrets {

  /** The Secret type kubelet reads pull credentials from. */
  public static final String TYPE = "kubernetes.io/dockerconfigjson";

  /** Its one key. */
  public static final String KEY = ".dockerconfigjson";

  private ServicePullSecrets() {}

  /** The Secret's name for a service. */
  public static String name(String service) {
    return service + "-registry-credentials";
  }

  /**
   * The Secret with the plan's pull credentials. Without any (the environment's registry needs
   * none) it has no data: then it only names the Secret for the operator to delete.
   */
  public static Secret desired(ServicePlan plan) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name(plan.name()))
        .withNamespace(plan.namespace())
        .withLabels(ServiceLabels.of(plan))
        .endMetadata()
        .withType(TYPE)
        .withData(plan.pullSecret() == null ? Map.of() : Map.of(KEY, plan.pullSecret()))
        .build();
  }
}
