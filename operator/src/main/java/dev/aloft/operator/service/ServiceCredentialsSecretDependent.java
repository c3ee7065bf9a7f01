package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The service's credentials Secret, from {@link ServiceCredentialsSecrets}; owned by it. */
public class ServiceCredentialsSecretDependent
    extends CRUDKubernetesDependentResource<Secret, AloftService> {

  public ServiceCredentialsSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(AloftService service, Context<AloftService> context) {
    return ServiceCredentialsSecrets.desired(
        ServiceDependentContext.plan(context), ServiceDependentContext.credentials(context));
  }
}
