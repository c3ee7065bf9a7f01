package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceStatus;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.ServicePhase;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.operator.identity.KeycloakRealms;
import dev.aloft.operator.status.ApplyFailures;
import dev.aloft.operator.status.ConditionsAggregator;
import dev.aloft.operator.status.ResourceEvents;
import dev.aloft.operator.status.WorkflowResults;
import dev.aloft.tenant.PlatformSettings;
import dev.aloft.tenant.TenantNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs an Aloft Service: checks its tenant and environment, applies the environment's defaults,
 * resolves its image (given, or promoted by digest), gives it an identity in the tenant's realm and
 * deploys it (credentials Secret, Deployment, Kubernetes Service). Its finalizer removes the
 * identity from Keycloak; the Kubernetes objects are owned by the service and go with it.
 */
@ControllerConfiguration(name = ServiceReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      @Dependent(name = "credentials", type = ServiceCredentialsSecretDependent.class),
      @Dependent(
          name = "pull-secret",
          type = ServicePullSecretDependent.class,
          reconcilePrecondition = PullSecretWantedCondition.class),
      // Not dependsOn "pull-secret": when its precondition is not met, JOSDK deletes the
      // dependents of a dependent too. Kubelet retries a pull until the Secret is there.
      @Dependent(
          name = "build-job",
          type = ServiceBuildJobDependent.class,
          reconcilePrecondition = BuildWantedCondition.class),
      // Precondition unmet only before a source service's first image exists: no Deployment yet.
      @Dependent(
          name = "deployment",
          type = ServiceDeploymentDependent.class,
          dependsOn = "credentials",
          reconcilePrecondition = ImageKnownCondition.class),
      @Dependent(name = "kubernetes-service", type = ServiceKubernetesServiceDependent.class),
    })
public class ServiceReconciler implements Reconciler<AloftService>, Cleaner<AloftService> {

  public static final String NAME = "service";

  /** The tenant exists and is Ready. */
  public static final String TENANT_READY = "TenantReady";

  /** The environment exists and lets the tenant deploy there. */
  public static final String ENVIRONMENT_ALLOWED = "EnvironmentAllowed";

  /** The source at spec.source.ref was fetched (services built from source). */
  public static final String SOURCE_FETCHED = AloftServiceStatus.CONDITION_SOURCE_FETCHED;

  /** The build Job of the current source pushed an image (services built from source). */
  public static final String BUILT = AloftServiceStatus.CONDITION_BUILT;

  /** The image to run is known: given, or resolved from the promoted service. */
  public static final String IMAGE_RESOLVED = "ImageResolved";

  /** Credentials Secret, Deployment and Kubernetes Service exist as the spec says. */
  public static final String DEPLOYED = AloftServiceStatus.CONDITION_DEPLOYED;

  /** Every desired replica runs the current spec and passes its readiness probe. */
  public static final String AVAILABLE = "Available";

  private static final Duration RECHECK = Duration.ofSeconds(20);

  private static final String TENANTS = "tenants";
  private static final String ENVIRONMENTS = "environments";
  private static final String PROMOTED_SERVICES = "promoted-services";
  private static final Logger LOG = Logger.getLogger(ServiceReconciler.class);

  private final KubernetesClient client;
  private final KeycloakRealms realms;
  private final ResourceEvents events;
  private final PlatformSettings platform;
  private final String serverAddress;
  private final BuildSettings buildSettings;

  public ServiceReconciler(
      KubernetesClient client,
      KeycloakRealms realms,
      ResourceEvents events,
      PlatformSettings platform,
      @ConfigProperty(name = "aloft.platform.server-address") Optional<String> serverAddress,
      BuildSettings buildSettings) {
    this.client = client;
    this.realms = realms;
    this.events = events;
    this.platform = platform;
    this.serverAddress =
        serverAddress.orElse(ServiceDeployments.defaultServerAddress(platform.namespace()));
    this.buildSettings = buildSettings;
  }

  /**
   * The conditions of a service: built from source, SourceFetched and Built take the place of
   * ImageResolved.
   */
  static ConditionsAggregator conditions(boolean fromSource) {
    return fromSource
        ? ConditionsAggregator.of(
            TENANT_READY, ENVIRONMENT_ALLOWED, SOURCE_FETCHED, BUILT, DEPLOYED, AVAILABLE)
        : ConditionsAggregator.of(
            TENANT_READY, ENVIRONMENT_ALLOWED, IMAGE_RESOLVED, DEPLOYED, AVAILABLE);
  }

  @Override
  public List<EventSource<?, AloftService>> prepareEventSources(
      EventSourceContext<AloftService> context) {
    var services = context.getPrimaryCache();
    var tenants =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Tenant.class, AloftService.class)
                .withName(TENANTS)
                .withSecondaryToPrimaryMapper(
                    (Tenant t) ->
                        ids(services.list(TenantNames.PREFIX + t.getMetadata().getName()).toList()))
                .build(),
            context);
    var environments =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Environment.class, AloftService.class)
                .withName(ENVIRONMENTS)
                .withSecondaryToPrimaryMapper(
                    (Environment e) ->
                        ids(
                            services
                                .list(
                                    s ->
                                        e.getMetadata()
                                            .getName()
                                            .equals(s.getSpec().getEnvironment()))
                                .toList()))
                .build(),
            context);
    var promoted =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AloftService.class, AloftService.class)
                .withName(PROMOTED_SERVICES)
                // the services this controller reconciles only: a promotion names a service
                // of the same namespace, and a restricted operator must not read others'
                .withNamespacesInheritedFromController()
                .withLabelSelector(
                    context.getControllerConfiguration().getInformerConfig().getLabelSelector())
                .withSecondaryToPrimaryMapper(
                    (AloftService from) ->
                        ids(
                            services
                                .list(from.getMetadata().getNamespace())
                                .filter(
                                    s ->
                                        s.getSpec().getPromotion() != null
                                            && ServiceAdmission.promotedServiceName(s)
                                                .equals(from.getMetadata().getName()))
                                .toList()))
                .build(),
            context);
    return List.of(tenants, environments, promoted);
  }

  /**
   * A resource as the named informer of this reconciler has it (the tenants and environments of the
   * cluster, the services of the controller's namespaces), or null when it has none: the informers
   * raise a reconcile on every change, so a reconcile reads them instead of the API.
   */
  @SuppressWarnings("unchecked")
  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> R cached(
      Context<AloftService> context, Class<R> type, String informer, ResourceID id) {
    var source =
        (InformerEventSource<R, AloftService>)
            context.eventSourceRetriever().getEventSourceFor(type, informer);
    return source.get(id).orElse(null);
  }

  private static Set<ResourceID> ids(List<AloftService> services) {
    return services.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<AloftService> reconcile(
      AloftService service, Context<AloftService> context) {
    boolean fromSource = service.getSpec().getSource() != null;
    ConditionsAggregator conditions = conditions(fromSource);
    String image = null;
    String tenant = null;
    Tenant tenantResource = null;
    Environment environment = null;
    try {
      tenant = ServiceAdmission.tenantName(service);
      tenantResource = cached(context, Tenant.class, TENANTS, new ResourceID(tenant));
      ServiceAdmission.requireTenantReady(tenant, tenantResource);
      conditions.holds(TENANT_READY, "TenantReady", "tenant " + tenant + " is Ready");
    } catch (ServiceRefusal refusal) {
      conditions.fails(TENANT_READY, refusal.reason(), refusal.getMessage());
    }
    try {
      environment =
          cached(
              context,
              Environment.class,
              ENVIRONMENTS,
              new ResourceID(service.getSpec().getEnvironment()));
      ServiceAdmission.requireEnvironmentAllows(service, tenant, environment);
      conditions.holds(
          ENVIRONMENT_ALLOWED,
          "EnvironmentAllowed",
          "environment " + environment.getMetadata().getName() + " takes tenant " + tenant);
    } catch (ServiceRefusal refusal) {
      conditions.fails(ENVIRONMENT_ALLOWED, refusal.reason(), refusal.getMessage());
      environment = null;
    }
    AloftServiceStatus status = new AloftServiceStatus();
    AloftServiceStatus previous = service.getStatus();
    if (previous != null) {
      status.setImage(previous.getImage());
      status.setRevision(previous.getRevision());
    }
    ServiceBuild build = null;
    ServiceBuildResults.Result built = null;
    if (fromSource && environment != null && tenantResource != null) {
      build =
          ServiceBuildJobs.build(
              service, tenant, tenantResource.getSpec(), environment, buildSettings);
      built = buildResult(build);
      reportBuild(build, built, conditions);
      image =
          built.state() == ServiceBuildResults.State.SUCCEEDED ? built.image() : status.getImage();
    } else if (fromSource) {
      String why = "needs a Ready tenant and an allowed environment";
      conditions.waits(SOURCE_FETCHED, "NotAdmitted", why);
      conditions.waits(BUILT, "NotAdmitted", why);
    } else if (environment != null) {
      try {
        AloftService promoted =
            service.getSpec().getPromotion() == null
                ? null
                : cached(
                    context,
                    AloftService.class,
                    PROMOTED_SERVICES,
                    new ResourceID(
                        ServiceAdmission.promotedServiceName(service),
                        service.getMetadata().getNamespace()));
        image = ServiceAdmission.image(service, environment, promoted);
        conditions.holds(IMAGE_RESOLVED, "ImageResolved", image);
      } catch (ServiceRefusal refusal) {
        conditions.fails(IMAGE_RESOLVED, refusal.reason(), refusal.getMessage());
      }
    } else {
      conditions.waits(IMAGE_RESOLVED, "WaitingForEnvironment", "needs an allowed environment");
    }

    boolean admitted =
        conditions.isTrue(TENANT_READY)
            && conditions.isTrue(ENVIRONMENT_ALLOWED)
            && (fromSource || conditions.isTrue(IMAGE_RESOLVED));
    if (!admitted) {
      String why = "waiting for tenant, environment and image";
      conditions.waits(DEPLOYED, "NotAdmitted", why);
      conditions.waits(AVAILABLE, "NotAdmitted", why);
    } else {
      deploy(service, context, tenant, environment, image, build, conditions, status);
      if (built != null && built.state() == ServiceBuildResults.State.SUCCEEDED) {
        if (built.image().equals(status.getImage())) {
          status.setRevision(built.commit());
        }
        deleteOlderBuilds(build);
      } else if (built != null && built.state() == ServiceBuildResults.State.FAILED) {
        deleteOlderBuilds(build);
      }
    }
    return finish(service, conditions, status);
  }

  private void deploy(
      AloftService service,
      Context<AloftService> context,
      String tenant,
      Environment environment,
      String image,
      ServiceBuild build,
      ConditionsAggregator conditions,
      AloftServiceStatus status) {
    String pullSecret;
    try {
      pullSecret = pullSecret(environment);
    } catch (ServiceRefusal refusal) {
      conditions.fails(DEPLOYED, refusal.reason(), refusal.getMessage());
      conditions.waits(AVAILABLE, "NotDeployed", "not deployed");
      return;
    }
    ServicePlan plan =
        ServiceDefaults.plan(service, tenant, environment, image, serverAddress, pullSecret);
    status.setReplicas(plan.replicas());
    try {
      ServiceDeployments.env(plan);
    } catch (IllegalArgumentException e) {
      conditions.fails(DEPLOYED, "InvalidSpec", e.getMessage());
      conditions.waits(AVAILABLE, "NotDeployed", "not deployed");
      return;
    }
    ServiceCredentials credentials;
    try {
      String realm = TenantNames.PREFIX + tenant;
      Map<String, String> client = realms.ensureServiceClient(realm, plan.name());
      credentials = new ServiceCredentials(plan.name(), client.get("clientSecret"));
    } catch (RuntimeException e) {
      LOG.warnf(e, "Keycloak client of service %s", ResourceID.fromResource(service));
      conditions.fails(DEPLOYED, "KeycloakFailed", "service identity: " + e.getMessage());
      conditions.waits(AVAILABLE, "NotDeployed", "not deployed");
      return;
    }
    ServiceDependentContext.put(context, plan, credentials, build);
    var result = WorkflowResults.reconcile(context);
    if (result.erroredDependentsExist()) {
      conditions.fails(
          DEPLOYED, ApplyFailures.REASON, ApplyFailures.describe(result.getErroredDependents()));
      conditions.waits(AVAILABLE, "NotDeployed", "not deployed");
      return;
    }
    if (plan.image() == null) {
      String why = "no image yet: waiting for the first build";
      conditions.waits(DEPLOYED, "WaitingForBuild", why);
      conditions.waits(AVAILABLE, "WaitingForBuild", why);
      return;
    }
    conditions.holds(
        DEPLOYED,
        "Deployed",
        "Deployment and Service " + plan.name() + " run " + plan.image() + " x" + plan.replicas());
    // as the Deployment dependent's informer (and what it just applied) has it
    Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
    int ready = ServiceRollouts.readyReplicas(deployment);
    status.setReadyReplicas(ready);
    if (ServiceRollouts.rolledOut(deployment, plan.replicas())) {
      if (plan.replicas() > 0) {
        List<Pod> pods =
            client
                .pods()
                .inNamespace(plan.namespace())
                .withLabels(ServiceLabels.selector(plan))
                .list()
                .getItems();
        String digest = ServiceRollouts.runningDigest(plan.image(), pods);
        if (digest != null) {
          status.setImage(digest);
        }
      }
      conditions.holds(AVAILABLE, "RolledOut", ready + "/" + plan.replicas() + " replicas ready");
    } else {
      conditions.waits(AVAILABLE, "RollingOut", ready + "/" + plan.replicas() + " replicas ready");
    }
  }

  /** The result of the build's Job, from the Job and its pods. */
  private ServiceBuildResults.Result buildResult(ServiceBuild build) {
    var job =
        client.batch().v1().jobs().inNamespace(build.namespace()).withName(build.jobName()).get();
    List<Pod> pods =
        job == null
            ? List.of()
            : client
                .pods()
                .inNamespace(build.namespace())
                .withLabel("job-name", build.jobName())
                .list()
                .getItems();
    return ServiceBuildResults.of(job, pods);
  }

  /** SourceFetched and Built from the build's result; on failure with the build's log tail. */
  static void reportBuild(
      ServiceBuild build, ServiceBuildResults.Result result, ConditionsAggregator conditions) {
    var source = build.source();
    String what =
        source.getGit()
            + (source.getRef() == null ? "" : "@" + source.getRef())
            + (source.getPath() == null ? "" : " //" + source.getPath());
    String job = "build Job " + build.jobName();
    switch (result.state()) {
      case RUNNING -> {
        String why =
            job + " builds " + what + (result.error().isEmpty() ? "" : "; " + result.error());
        conditions.waits(SOURCE_FETCHED, "Building", why);
        conditions.waits(BUILT, "Building", why);
      }
      case SUCCEEDED -> {
        conditions.holds(SOURCE_FETCHED, "Fetched", "commit " + result.commit() + " of " + what);
        conditions.holds(BUILT, "Built", result.image() + " from commit " + result.commit());
      }
      case FAILED -> {
        String message =
            job
                + " failed ("
                + result.phase()
                + "): "
                + result.error()
                + (result.log().isEmpty() ? "" : "\nlog tail:\n" + result.log());
        if (result.sourceFailed()) {
          conditions.fails(SOURCE_FETCHED, "FetchFailed", message);
          conditions.fails(BUILT, "FetchFailed", "nothing to build: " + what + " was not fetched");
        } else {
          conditions.holds(SOURCE_FETCHED, "Fetched", what);
          conditions.fails(
              BUILT, "push".equals(result.phase()) ? "PushFailed" : "BuildFailed", message);
        }
      }
    }
  }

  /** Deletes the service's build Jobs of other sources, with their pods. */
  private void deleteOlderBuilds(ServiceBuild build) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(build.namespace())
        .withLabel(ServiceBuildJobs.BUILD_OF, build.service())
        .list()
        .getItems()
        .stream()
        .filter(j -> !j.getMetadata().getName().equals(build.jobName()))
        .forEach(
            j ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(build.namespace())
                    .withName(j.getMetadata().getName())
                    .withPropagationPolicy(
                        io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                    .delete());
  }

  /**
   * The {@code .dockerconfigjson} of the environment's registry credentials Secret (in the
   * platform's namespace), or null when the environment names none.
   */
  private String pullSecret(Environment environment) throws ServiceRefusal {
    String name = environment.getSpec().getImageRegistry().getCredentialsSecret();
    if (name == null) {
      return null;
    }
    String where =
        "environment "
            + environment.getMetadata().getName()
            + " spec.imageRegistry.credentialsSecret: Secret "
            + platform.namespace()
            + "/"
            + name;
    Secret secret = client.secrets().inNamespace(platform.namespace()).withName(name).get();
    if (secret == null) {
      throw new ServiceRefusal("RegistryCredentialsNotFound", where + " does not exist");
    }
    String config = secret.getData() == null ? null : secret.getData().get(ServicePullSecrets.KEY);
    if (!ServicePullSecrets.TYPE.equals(secret.getType()) || config == null) {
      throw new ServiceRefusal(
          "RegistryCredentialsInvalid",
          where
              + " must be of type "
              + ServicePullSecrets.TYPE
              + " with key "
              + ServicePullSecrets.KEY
              + ", is "
              + secret.getType());
    }
    return config;
  }

  private UpdateControl<AloftService> finish(
      AloftService service, ConditionsAggregator conditions, AloftServiceStatus status) {
    AloftServiceStatus previous = service.getStatus();
    List<dev.aloft.crds.v1alpha1.Condition> before =
        previous == null ? null : previous.getConditions();
    var list = conditions.conditions(before, service.getMetadata().getGeneration(), Instant.now());
    status.setConditions(list);
    status.setObservedGeneration(service.getMetadata().getGeneration());
    status.setPhase(phase(conditions));
    events.conditionsChanged(service, ConditionsAggregator.changes(before, list));
    UpdateControl<AloftService> control;
    if (Objects.equals(status, previous)) {
      control = UpdateControl.noUpdate();
    } else {
      service.setStatus(status);
      control = UpdateControl.patchStatus(service);
    }
    return conditions.allHold() ? control : control.rescheduleAfter(RECHECK);
  }

  private static ServicePhase phase(ConditionsAggregator conditions) {
    if (conditions.allHold()) {
      return ServicePhase.RUNNING;
    }
    if (conditions.anyFailed()) {
      return ServicePhase.ERROR;
    }
    if (conditions.isWaiting(BUILT)) {
      return ServicePhase.BUILDING;
    }
    return conditions.isTrue(DEPLOYED) ? ServicePhase.STARTING : ServicePhase.PENDING;
  }

  @Override
  public DeleteControl cleanup(AloftService service, Context<AloftService> context) {
    String namespace = service.getMetadata().getNamespace();
    if (namespace != null && namespace.startsWith(TenantNames.PREFIX)) {
      try {
        realms.deleteServiceClient(namespace, service.getMetadata().getName());
      } catch (RuntimeException e) {
        events.warning(service, "IdentityDeletionFailed", "Keycloak client: " + e.getMessage());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK.toMillis());
      }
    }
    return DeleteControl.defaultDelete();
  }
}
