package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether there is an image to deploy: false only for a service built from source whose first build
 * has not succeeded (no earlier image serves, so there is no Deployment to keep).
 */
public class ImageKnownCondition implements Condition<Deployment, AloftService> {

  @Override
  public boolean isMet(
      DependentResource<Deployment, AloftService> dependentResource,
      AloftService service,
      Context<AloftService> context) {
    return ServiceDependentContext.plan(context).image() != null;
  }
}
