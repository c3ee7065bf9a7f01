package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.ContainerResources;
import dev.aloft.crds.v1alpha1.ServiceEnvVar;
import dev.aloft.tenant.ComputeAmounts;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Deployment that runs a service: one container {@value #CONTAINER} with the {@code ALOFT_*}
 * environment, the service's own variables, its resources, and readiness on the gRPC port.
 *
 * <p>Readiness: Kubernetes 1.20 has no gRPC probe, and an exec probe would need a health client
 * binary in every service image; a tcpSocket probe on the gRPC port needs nothing from the image
 * and turns ready when the service's gRPC server accepts connections, which Aloft services do only
 * after they have started.
 */
public final class ServiceDeployments {

  /** The container's name. */
  public static final String CONTAINER = "service";

  /** The port every Aloft service serves gRPC on, and its name. */
  public static final int GRPC_PORT = 8081;

  public static final String GRPC_PORT_NAME = "grpc";

  /** Variables the operator sets; a service's own variable of the same name is refused. */
  public static final String ENV_SERVICE = "ALOFT_SERVICE";

  public static final String ENV_NAMESPACE = "ALOFT_NAMESPACE";
  public static final String ENV_SERVER = "ALOFT_SERVER";
  public static final String ENV_ACCOUNT_ID = "ALOFT_ACCOUNT_ID";
  public static final String ENV_ACCOUNT_SECRET = "ALOFT_ACCOUNT_SECRET";
  public static final String ENV_GRPC_PORT = "ALOFT_GRPC_PORT";
  public static final String ENV_ADVERTISE_HOST = "ALOFT_ADVERTISE_HOST";
  public static final String ENV_VERSION = "ALOFT_VERSION";
  public static final String ENV_ENVIRONMENT = "ALOFT_ENVIRONMENT";
  public static final String ENV_HOST = "ALOFT_HOST";

  /** Name of the platform server's Kubernetes Service in the platform's namespace. */
  public static final String SERVER_SERVICE = "aloft-server";

  private ServiceDeployments() {}

  /**
   * Where pods reach the platform server unless configured: its Service {@value #SERVER_SERVICE} in
   * the platform's namespace, on the gRPC port.
   */
  public static String defaultServerAddress(String platformNamespace) {
    return SERVER_SERVICE + "." + platformNamespace + ".svc:" + GRPC_PORT;
  }

  /** The Deployment {@code <service>} in the tenant's namespace. */
  public static Deployment desired(ServicePlan plan) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(plan.name())
        .withNamespace(plan.namespace())
        .withLabels(ServiceLabels.of(plan))
        .endMetadata()
        .withNewSpec()
        .withReplicas(plan.replicas())
        .withNewSelector()
        .withMatchLabels(ServiceLabels.selector(plan))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(ServiceLabels.of(plan))
        .endMetadata()
        .withNewSpec()
        .withEnableServiceLinks(false)
        .withImagePullSecrets(
            plan.pullSecret() == null
                ? List.of()
                : List.of(new LocalObjectReference(ServicePullSecrets.name(plan.name()))))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(plan.image())
        .addNewPort()
        .withName(GRPC_PORT_NAME)
        .withContainerPort(GRPC_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(plan))
        .withResources(resources(plan.resources()))
        .withReadinessProbe(grpcPortProbe(2, 3))
        .withLivenessProbe(grpcPortProbe(60, 6))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Probe grpcPortProbe(int initialDelaySeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString(GRPC_PORT_NAME))
        .endTcpSocket()
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(5)
        .withTimeoutSeconds(1)
        .withSuccessThreshold(1)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /**
   * The service environment contract first (what the SDK reads: service, namespace, server address,
   * account from the credentials Secret, gRPC port, the pod's IP as the host to advertise, version,
   * environment; then the public host when the environment has a domain), then the service's own,
   * in spec order. Fails naming spec.env[i] when a service variable would shadow an {@code ALOFT_*}
   * one.
   */
  static List<EnvVar> env(ServicePlan plan) {
    List<EnvVar> env = new ArrayList<>();
    String secret = ServiceCredentialsSecrets.name(plan.name());
    env.add(literal(ENV_SERVICE, plan.name()));
    env.add(literal(ENV_NAMESPACE, plan.tenant()));
    env.add(literal(ENV_SERVER, plan.serverAddress()));
    env.add(fromSecret(ENV_ACCOUNT_ID, secret, ServiceCredentialsSecrets.ACCOUNT_ID));
    env.add(fromSecret(ENV_ACCOUNT_SECRET, secret, ServiceCredentialsSecrets.ACCOUNT_SECRET));
    env.add(literal(ENV_GRPC_PORT, Integer.toString(GRPC_PORT)));
    env.add(
        new EnvVarBuilder()
            .withName(ENV_ADVERTISE_HOST)
            .withNewValueFrom()
            .withNewFieldRef()
            .withApiVersion("v1")
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(literal(ENV_VERSION, plan.version()));
    env.add(literal(ENV_ENVIRONMENT, plan.environment()));
    if (plan.host() != null) {
      env.add(literal(ENV_HOST, plan.host()));
    }
    List<ServiceEnvVar> own = plan.env();
    for (int i = 0; i < own.size(); i++) {
      ServiceEnvVar var = own.get(i);
      if (var.getName().startsWith("ALOFT_")) {
        throw new IllegalArgumentException(
            "spec.env["
                + i
                + "].name "
                + var.getName()
                + ": names starting with ALOFT_ are set by the platform");
      }
      env.add(
          var.getFromSecret() != null
              ? fromSecret(
                  var.getName(), var.getFromSecret().getName(), var.getFromSecret().getKey())
              : literal(var.getName(), var.getValue()));
    }
    return env;
  }

  private static EnvVar literal(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  /** The container's requests and limits, canonical; none at all when the plan states none. */
  private static ResourceRequirements resources(ContainerResources resources) {
    Map<String, Quantity> requests =
        ComputeAmounts.of(resources == null ? null : resources.getRequests());
    Map<String, Quantity> limits =
        ComputeAmounts.of(resources == null ? null : resources.getLimits());
    if (requests.isEmpty() && limits.isEmpty()) {
      // not {}: the API server adds its own empty objects, and JSON-patch diffing pairs those
      // with an empty one of ours as a "copy", which JOSDK's matcher takes for a change
      return null;
    }
    ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
    if (!requests.isEmpty()) {
      builder.withRequests(requests);
    }
    if (!limits.isEmpty()) {
      builder.withLimits(limits);
    }
    return builder.build();
  }
}
