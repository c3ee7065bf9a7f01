package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.util.Optional;
import java.util.Set;

/**
 * The build Job of the service's current source, from {@link ServiceBuildJobs}; owned by the
 * service. Created, never updated: a Job's pod template cannot change, and a changed source is a
 * Job of another name.
 */
public class ServiceBuildJobDependent extends KubernetesDependentResource<Job, AloftService>
    implements Creator<Job, AloftService>, GarbageCollected<AloftService> {

  public ServiceBuildJobDependent() {
    super(Job.class);
  }

  /**
   * Without spec.source there is no current build Job (JOSDK would ask for one to delete): a
   * service's earlier build Jobs go with it.
   */
  @Override
  protected Optional<Job> selectTargetSecondaryResource(
      Set<Job> jobs, AloftService service, Context<AloftService> context) {
    return ServiceDependentContext.build(context).isEmpty()
        ? Optional.empty()
        : super.selectTargetSecondaryResource(jobs, service, context);
  }

  @Override
  protected Job desired(AloftService service, Context<AloftService> context) {
    return ServiceBuildJobs.desired(ServiceDependentContext.build(context).orElseThrow());
  }
}
