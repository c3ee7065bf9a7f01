package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Whether the service is built from spec.source. */
public class BuildWantedCondition implements Condition<Job, AloftService> {

  @Override
  public boolean isMet(
      DependentResource<Job, AloftService> dependentResource,
      AloftService service,
      Context<AloftService> context) {
    return ServiceDependentContext.build(context).isPresent();
  }
}
