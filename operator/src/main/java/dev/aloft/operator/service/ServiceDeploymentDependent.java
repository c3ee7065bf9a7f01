package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The service's Deployment, from {@link ServiceDeployments}; owned by the service. */
public class ServiceDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, AloftService> {

  public ServiceDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(AloftService service, Context<AloftService> context) {
    return ServiceDeployments.desired(ServiceDependentContext.plan(context));
  }
}
