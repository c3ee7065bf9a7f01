package dev.aloft.operator.environment;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.EnvironmentStatus;
import dev.aloft.operator.status.ConditionsAggregator;
import dev.aloft.operator.status.ResourceEvents;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps an Environment's status: how many Aloft Services (in all tenants) name it and how many of
 * them are Ready, and whether its image registry answers. Its defaults and allowed tenants are
 * applied by the service reconciler, which every change of an Environment triggers.
 */
@ControllerConfiguration(name = EnvironmentReconciler.NAME)
public class EnvironmentReconciler implements Reconciler<Environment> {

  public static final String NAME = "environment";

  /** How often the registry is asked again. */
  static final Duration RECHECK_REGISTRY = Duration.ofSeconds(60);

  private final RegistryProbe registry;
  private final ResourceEvents events;

  public EnvironmentReconciler(RegistryProbe registry, ResourceEvents events) {
    this.registry = registry;
    this.events = events;
  }

  @Override
  public List<EventSource<?, Environment>> prepareEventSources(
      EventSourceContext<Environment> context) {
    var services =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AloftService.class, Environment.class)
                .withName("services")
                .withSecondaryToPrimaryMapper(
                    (AloftService s) -> Set.of(new ResourceID(s.getSpec().getEnvironment())))
                .build(),
            context);
    return List.of(services);
  }

  @Override
  public UpdateControl<Environment> reconcile(
      Environment environment, Context<Environment> context) {
    ConditionsAggregator conditions =
        ConditionsAggregator.of(EnvironmentStatus.CONDITION_REGISTRY_REACHABLE);
    String problem = registry.problem(environment.getSpec().getImageRegistry());
    if (problem == null) {
      conditions.holds(
          EnvironmentStatus.CONDITION_REGISTRY_REACHABLE,
          "RegistryAnswers",
          environment.getSpec().getImageRegistry().getRepository());
    } else {
      conditions.fails(
          EnvironmentStatus.CONDITION_REGISTRY_REACHABLE,
          "RegistryUnreachable",
          "spec.imageRegistry.repository: " + problem);
    }
    Set<AloftService> services = context.getSecondaryResources(AloftService.class);
    EnvironmentStatus previous = environment.getStatus();
    EnvironmentStatus status = new EnvironmentStatus();
    status.setServices(services.size());
    status.setReadyServices((int) services.stream().filter(EnvironmentReconciler::ready).count());
    var before = previous == null ? null : previous.getConditions();
    var list =
        conditions.conditions(before, environment.getMetadata().getGeneration(), Instant.now());
    status.setConditions(list);
    status.setObservedGeneration(environment.getMetadata().getGeneration());
    events.conditionsChanged(environment, ConditionsAggregator.changes(before, list));
    UpdateControl<Environment> control;
    if (Objects.equals(status, previous)) {
      control = UpdateControl.noUpdate();
    } else {
      environment.setStatus(status);
      control = UpdateControl.patchStatus(environment);
    }
    return control.rescheduleAfter(RECHECK_REGISTRY);
  }

  private static boolean ready(AloftService service) {
    return service.getStatus() != null
        && service.getStatus().getConditions() != null
        && service.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ConditionsAggregator.READY.equals(c.getType())
                        && c.getStatus() == ConditionStatus.TRUE);
  }
}
