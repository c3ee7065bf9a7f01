package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/** What the service reconciler hands its dependents: the plan, the credentials, the build. */
final class ServiceDependentContext {

  private ServiceDependentContext() {}

  static void put(
      Context<AloftService> context,
      ServicePlan plan,
      ServiceCredentials credentials,
      ServiceBuild build) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    shared.put(ServicePlan.class, plan);
    shared.put(ServiceCredentials.class, credentials);
    shared.put(ServiceBuild.class, Optional.ofNullable(build));
  }

  /** The build of spec.source, empty for a service that runs a given or promoted image. */
  @SuppressWarnings("unchecked")
  static Optional<ServiceBuild> build(Context<AloftService> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(ServiceBuild.class, Optional.class);
  }

  static ServicePlan plan(Context<AloftService> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(ServicePlan.class, ServicePlan.class);
  }

  static ServiceCredentials credentials(Context<AloftService> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(ServiceCredentials.class, ServiceCredentials.class);
  }
}
