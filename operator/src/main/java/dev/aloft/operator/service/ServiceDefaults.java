package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceSpec;
import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.ContainerResources;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.EnvironmentSpec;

/**
 * The defaulting step: a service's spec completed from the environment it names. The service's own
 * fields win; each absent one takes the environment's default; what neither states takes the
 * platform's ({@value #REPLICAS} replica, requests and limits from the tenant's LimitRange).
 */
public final class ServiceDefaults {

  /** Replicas when neither the service nor its environment states any. */
  public static final int REPLICAS = 1;

  private ServiceDefaults() {}

  /**
   * The complete plan for running {@code image} (already resolved) for {@code service}, reaching
   * the platform server at {@code serverAddress} and pulling with {@code pullSecret} (the
   * environment's registry credentials, or null).
   */
  public static ServicePlan plan(
      AloftService service,
      String tenant,
      Environment environment,
      String image,
      String serverAddress,
      String pullSecret) {
    AloftServiceSpec spec = service.getSpec();
    EnvironmentSpec defaults = environment.getSpec();
    int replicas =
        spec.getReplicas() != null
            ? spec.getReplicas()
            : defaults.getDefaultReplicas() != null ? defaults.getDefaultReplicas() : REPLICAS;
    return new ServicePlan(
        service.getMetadata().getName(),
        service.getMetadata().getNamespace(),
        tenant,
        environment.getMetadata().getName(),
        image,
        replicas,
        resources(spec.getResources(), defaults.getDefaultResources()),
        spec.getEnv(),
        defaults.getDomain(),
        serverAddress,
        pullSecret);
  }

  /**
   * {@code image} as given when it names a registry host (a first path part with a '.' or ':', or
   * {@code localhost}); otherwise under the environment's registry: {@code <repository>/<image>}.
   */
  public static String imageInRegistry(String image, Environment environment) {
    int slash = image.indexOf('/');
    String first = slash < 0 ? "" : image.substring(0, slash);
    boolean hasHost = first.contains(".") || first.contains(":") || first.equals("localhost");
    return hasHost ? image : environment.getSpec().getImageRegistry().getRepository() + "/" + image;
  }

  private static ContainerResources resources(
      ContainerResources own, ContainerResources environment) {
    ContainerResources given = own == null ? new ContainerResources() : own;
    ContainerResources fallback = environment == null ? new ContainerResources() : environment;
    ComputeResources requests = merge(given.getRequests(), fallback.getRequests());
    ComputeResources limits = merge(given.getLimits(), fallback.getLimits());
    return new ContainerResources(requests, limits);
  }

  private static ComputeResources merge(ComputeResources own, ComputeResources fallback) {
    if (own == null && fallback == null) {
      return null;
    }
    ComputeResources a = own == null ? new ComputeResources() : own;
    ComputeResources b = fallback == null ? new ComputeResources() : fallback;
    return new ComputeResources(
        a.getCpu() != null ? a.getCpu() : b.getCpu(),
        a.getMemory() != null ? a.getMemory() : b.getMemory());
  }
}
