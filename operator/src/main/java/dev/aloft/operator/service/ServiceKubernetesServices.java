package dev.aloft.operator.service;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The Kubernetes Service (ClusterIP) {@code <service>} in front of a service's pods, gRPC port. */
public final class ServiceKubernetesServices {

  private ServiceKubernetesServices() {}

  public static Service desired(ServicePlan plan) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(plan.name())
        .withNamespace(plan.namespace())
        .withLabels(ServiceLabels.of(plan))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ServiceLabels.selector(plan))
        .addNewPort()
        .withName(ServiceDeployments.GRPC_PORT_NAME)
        .withProtocol("TCP")
        .withPort(ServiceDeployments.GRPC_PORT)
        .withTargetPort(new IntOrString(ServiceDeployments.GRPC_PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
