package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Whether the service's environment has registry credentials to copy for pulling its image. */
public class PullSecretWantedCondition implements Condition<Secret, AloftService> {

  @Override
  public boolean isMet(
      DependentResource<Secret, AloftService> dependentResource,
      AloftService service,
      Context<AloftService> context) {
    return ServiceDependentContext.plan(context).pullSecret() != null;
  }
}
