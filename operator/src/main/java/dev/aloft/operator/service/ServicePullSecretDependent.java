package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The service's copy of its environment's registry credentials, from {@link ServicePullSecrets};
 * reconciled only when the environment has some ({@link PullSecretWantedCondition}), else deleted.
 */
public class ServicePullSecretDependent
    extends CRUDKubernetesDependentResource<Secret, AloftService> {

  public ServicePullSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(AloftService service, Context<AloftService> context) {
    return ServicePullSecrets.desired(ServiceDependentContext.plan(context));
  }
}
