package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The service's Kubernetes Service, from {@link ServiceKubernetesServices}; owned by it. */
public class ServiceKubernetesServiceDependent
    extends CRUDKubernetesDependentResource<Service, AloftService> {

  public ServiceKubernetesServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(AloftService service, Context<AloftService> context) {
    return ServiceKubernetesServices.desired(ServiceDependentContext.plan(context));
  }
}
