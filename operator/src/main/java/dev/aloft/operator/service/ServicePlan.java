package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.ContainerResources;
import dev.aloft.crds.v1alpha1.ServiceEnvVar;
import java.util.List;

/**
 * A service's spec made complete: environment defaults applied, image resolved. Everything the
 * builders of its Deployment, Kubernetes Service and credentials Secret need.
 *
 * @param name the service's name, also of its Deployment and Kubernetes Service
 * @param namespace the tenant's namespace
 * @param tenant the tenant's name
 * @param environment the environment's name
 * @param image the image reference the container runs; null for a service built from source before
 *     its first build succeeded
 * @param replicas instances to run
 * @param resources container requests and limits; a part left null is set by the tenant's
 *     LimitRange
 * @param env the service's own environment variables
 * @param domain the environment's DNS domain, or null
 * @param serverAddress the platform server's gRPC address {@code host:port} as pods reach it
 * @param pullSecret the {@code .dockerconfigjson} (base64, as in the Secret) of the environment's
 *     registry credentials, copied into the tenant's namespace for pulling; null when the registry
 *     needs none
 */
public record ServicePlan(
    String name,
    String namespace,
    String tenant,
    String environment,
    String image,
    int replicas,
    ContainerResources resources,
    List<ServiceEnvVar> env,
    String domain,
    String serverAddress,
    String pullSecret) {

  public ServicePlan {
    env = env == null ? List.of() : List.copyOf(env);
  }

  /**
   * The version the service registers as: the image's tag, else the first 12 hex digits of its
   * digest ({@code repository@sha256:...}), else {@code latest}.
   */
  public String version() {
    if (image == null) {
      return "latest";
    }
    int at = image.indexOf('@');
    if (at >= 0) {
      String digest = image.substring(at + 1);
      int colon = digest.indexOf(':');
      String hex = digest.substring(colon + 1);
      return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(colon + 1) : "latest";
  }

  /** The host name the service is reachable under, {@code <service>.<tenant>.<domain>}, or null. */
  public String host() {
    return domain == null ? null : name + "." + tenant + "." + domain;
  }
}
