package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantPhase;
import dev.aloft.crds.v1alpha1.TenantStatus;
import dev.aloft.operator.identity.KeycloakRealms;
import dev.aloft.operator.partition.EtcdPartitions;
import dev.aloft.operator.partition.JetStreamPartitions;
import dev.aloft.operator.partition.PostgresPartitions;
import dev.aloft.operator.status.ApplyFailures;
import dev.aloft.operator.status.ConditionsAggregator;
import dev.aloft.operator.status.ResourceEvents;
import dev.aloft.operator.status.WorkflowResults;
import dev.aloft.tenant.BackendPrefixes;
import dev.aloft.tenant.PlatformSettings;
import dev.aloft.tenant.TenantEtcdPartition;
import dev.aloft.tenant.TenantJetStreamPartition;
import dev.aloft.tenant.TenantLimitRange;
import dev.aloft.tenant.TenantNames;
import dev.aloft.tenant.TenantNetworkPolicies;
import dev.aloft.tenant.TenantPostgresPartition;
import dev.aloft.tenant.TenantRbac;
import dev.aloft.tenant.TenantRealm;
import dev.aloft.tenant.TenantResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Gives a tenant (aloft.dev Namespace) what it gets: its Kubernetes namespace and, in it, quota,
 * limits, NetworkPolicies and RBAC (dependents, owned by the tenant so that deleting it deletes
 * them), its partitions in etcd, PostgreSQL and NATS JetStream (dependents outside Kubernetes) and
 * its Keycloak realm; this reconciler's finalizer removes the partitions and the realm.
 *
 * <p>Conditions: {@value TenantStatus#CONDITION_ISOLATED}, {@value
 * TenantStatus#CONDITION_IDENTITY_READY}, {@value TenantStatus#CONDITION_PARTITIONS_READY}, and
 * Ready.
 */
@ControllerConfiguration(name = TenantReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      @Dependent(name = "namespace", type = TenantNamespaceDependent.class),
      @Dependent(
          name = "resource-quota",
          type = TenantResourceQuotaDependent.class,
          dependsOn = "namespace"),
      @Dependent(
          name = "limit-range",
          type = TenantLimitRangeDependent.class,
          dependsOn = "namespace"),
      @Dependent(
          name = "default-deny",
          type = TenantDefaultDenyPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyWantedCondition.class,
          dependsOn = "namespace"),
      @Dependent(
          name = "allow-from-tenant",
          type = TenantAllowFromTenantPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyWantedCondition.class,
          dependsOn = "namespace"),
      @Dependent(
          name = "allow-from-platform",
          type = TenantAllowFromPlatformPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyWantedCondition.class,
          dependsOn = "namespace"),
      @Dependent(
          name = "allow-egress",
          type = TenantAllowEgressPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyWantedCondition.class,
          dependsOn = "namespace"),
      @Dependent(
          name = "service-account",
          type = TenantServiceAccountDependent.class,
          dependsOn = "namespace"),
      @Dependent(name = "role", type = TenantRoleDependent.class, dependsOn = "namespace"),
      @Dependent(
          name = "role-binding",
          type = TenantRoleBindingDependent.class,
          dependsOn = "role"),
      @Dependent(name = "etcd-partition", type = TenantEtcdPartitionDependent.class),
      @Dependent(name = "postgres-schema", type = TenantPostgresSchemaDependent.class),
      @Dependent(name = "jetstream-partition", type = TenantJetStreamPartitionDependent.class),
    })
public class TenantReconciler implements Reconciler<Tenant>, Cleaner<Tenant> {

  public static final String NAME = "tenant";

  /** How soon a tenant whose realm could not be made is tried again. */
  static final Duration RETRY_IDENTITY = Duration.ofSeconds(15);

  /** How soon a tenant that only waits (for its quota to be counted) is looked at again. */
  static final Duration RECHECK_WAITING = Duration.ofSeconds(3);

  private static final Logger LOG = Logger.getLogger(TenantReconciler.class);

  private final PlatformSettings platform;
  private final KeycloakRealms realms;
  private final ResourceEvents events;
  private final TenantDependentContext.Backends backends;

  public TenantReconciler(
      PlatformSettings platform,
      KeycloakRealms realms,
      ResourceEvents events,
      BackendPrefixes prefixes,
      EtcdPartitions etcd,
      PostgresPartitions postgres,
      JetStreamPartitions jetStream) {
    this.platform = platform;
    this.realms = realms;
    this.events = events;
    this.backends = new TenantDependentContext.Backends(prefixes, etcd, postgres, jetStream);
  }

  static ConditionsAggregator conditions() {
    return ConditionsAggregator.of(
        TenantStatus.CONDITION_ISOLATED,
        TenantStatus.CONDITION_IDENTITY_READY,
        TenantStatus.CONDITION_PARTITIONS_READY);
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    ConditionsAggregator conditions = conditions();
    String invalid = invalidSpec(tenant);
    if (invalid != null) {
      conditions.fails(TenantStatus.CONDITION_ISOLATED, "InvalidSpec", invalid);
      conditions.waits(
          TenantStatus.CONDITION_IDENTITY_READY, "WaitingForValidSpec", "spec must be fixed first");
      conditions.waits(
          TenantStatus.CONDITION_PARTITIONS_READY,
          "WaitingForValidSpec",
          "spec must be fixed first");
      return finish(tenant, conditions, false);
    }

    TenantDependentContext.put(context, platform, backends);
    var result = WorkflowResults.reconcile(context);
    @SuppressWarnings("rawtypes")
    Map<DependentResource, Exception> kubernetesFailures =
        result.getErroredDependents().entrySet().stream()
            .filter(e -> !(e.getKey() instanceof TenantPartitionDependent<?>))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    @SuppressWarnings("rawtypes")
    Map<DependentResource, Exception> partitionFailures =
        result.getErroredDependents().entrySet().stream()
            .filter(e -> e.getKey() instanceof TenantPartitionDependent<?>)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    if (partitionFailures.isEmpty()) {
      conditions.holds(
          TenantStatus.CONDITION_PARTITIONS_READY, "PartitionsReady", partitions(tenant));
    } else {
      conditions.fails(
          TenantStatus.CONDITION_PARTITIONS_READY,
          ApplyFailures.REASON,
          ApplyFailures.describe(partitionFailures));
    }
    List<String> notCounted =
        kubernetesFailures.isEmpty() ? quotaNotYetEnforced(tenant, context) : List.of();
    if (!kubernetesFailures.isEmpty()) {
      conditions.fails(
          TenantStatus.CONDITION_ISOLATED,
          ApplyFailures.REASON,
          ApplyFailures.describe(kubernetesFailures));
    } else if (!notCounted.isEmpty()) {
      conditions.waits(
          TenantStatus.CONDITION_ISOLATED,
          "QuotaNotYetEnforced",
          "ResourceQuota "
              + TenantResourceQuota.NAME
              + " is not counted yet by the quota controller for "
              + String.join(", ", notCounted)
              + "; creates of those kinds are refused until it is");
    } else {
      conditions.holds(
          TenantStatus.CONDITION_ISOLATED,
          "NamespaceIsolated",
          "namespace "
              + TenantNames.namespace(tenant, platform)
              + " with quota, limits, "
              + TenantNetworkPolicies.desired(tenant, platform).size()
              + " network policies and RBAC");
    }

    try {
      boolean created = realms.ensureRealm(tenant, platform);
      if (created) {
        events.normal(tenant, "RealmCreated", "Keycloak realm " + TenantNames.realm(tenant));
      }
      conditions.holds(
          TenantStatus.CONDITION_IDENTITY_READY,
          "RealmReady",
          "Keycloak realm " + TenantNames.realm(tenant) + " with client " + TenantRealm.CLIENT_ID);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Keycloak realm of tenant %s", tenant.getMetadata().getName());
      conditions.fails(
          TenantStatus.CONDITION_IDENTITY_READY,
          "KeycloakFailed",
          "Keycloak realm " + TenantNames.realm(tenant) + ": " + e.getMessage());
    }
    return finish(tenant, conditions, true);
  }

  /** What the tenant's quota does not count yet; all of it while the quota is not observed. */
  private List<String> quotaNotYetEnforced(Tenant tenant, Context<Tenant> context) {
    return TenantResourceQuota.notYetEnforced(
        context
            .getSecondaryResource(ResourceQuota.class)
            .orElseGet(() -> TenantResourceQuota.desired(tenant, platform)));
  }

  /** What the tenant's partitions are, for the condition's message. */
  private String partitions(Tenant tenant) {
    TenantEtcdPartition etcd = TenantEtcdPartition.desired(tenant, backends.prefixes());
    TenantPostgresPartition postgres = TenantPostgresPartition.desired(tenant, backends.prefixes());
    TenantJetStreamPartition jetStream =
        TenantJetStreamPartition.desired(tenant, backends.prefixes());
    return "etcd "
        + String.join(" and ", etcd.keyPrefixes())
        + " (role "
        + etcd.role()
        + "), PostgreSQL schema "
        + postgres.schema()
        + ", NATS subjects "
        + jetStream.subjectPrefix()
        + ">";
  }

  /**
   * Null when the builders accept the spec; else their message, which names the field. The API
   * server's schema catches most bad input, these are the rules it cannot state.
   */
  private String invalidSpec(Tenant tenant) {
    try {
      TenantNames.namespace(tenant, platform);
      TenantResourceQuota.desired(tenant, platform);
      TenantLimitRange.desired(tenant, platform);
      TenantRbac.roleBinding(tenant, platform);
      TenantNetworkPolicies.desired(tenant, platform);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private UpdateControl<Tenant> finish(
      Tenant tenant, ConditionsAggregator conditions, boolean specValid) {
    TenantStatus previous = tenant.getStatus();
    TenantStatus status = new TenantStatus();
    var list =
        conditions.conditions(
            previous == null ? null : previous.getConditions(),
            tenant.getMetadata().getGeneration(),
            Instant.now());
    status.setConditions(list);
    status.setObservedGeneration(tenant.getMetadata().getGeneration());
    status.setPhase(
        conditions.allHold()
            ? TenantPhase.READY
            : conditions.anyFailed() ? TenantPhase.FAILED : TenantPhase.PROVISIONING);
    if (specValid) {
      status.setNamespace(TenantNames.namespace(tenant, platform));
      status.setRealm(TenantNames.realm(tenant));
    }
    events.conditionsChanged(
        tenant,
        ConditionsAggregator.changes(previous == null ? null : previous.getConditions(), list));
    UpdateControl<Tenant> control;
    if (status.equals(previous)) {
      control = UpdateControl.noUpdate();
    } else {
      tenant.setStatus(status);
      control = UpdateControl.patchStatus(tenant);
    }
    if (conditions.allHold() || !specValid) {
      return control;
    }
    return control.rescheduleAfter(conditions.anyFailed() ? RETRY_IDENTITY : RECHECK_WAITING);
  }

  @Override
  public DeleteControl cleanup(Tenant tenant, Context<Tenant> context) {
    TenantDependentContext.put(context, platform, backends);
    var result = WorkflowResults.cleanup(context);
    if (result.erroredDependentsExist()) {
      events.warning(
          tenant, "PartitionDeletionFailed", ApplyFailures.describe(result.getErroredDependents()));
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_IDENTITY.toMillis());
    }
    events.normal(tenant, "PartitionsDeleted", partitions(tenant));
    try {
      realms.deleteRealm(tenant);
    } catch (RuntimeException e) {
      events.warning(
          tenant,
          "RealmDeletionFailed",
          "Keycloak realm " + TenantNames.realm(tenant) + ": " + e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_IDENTITY.toMillis());
    }
    events.normal(
        tenant,
        "RealmDeleted",
        "Keycloak realm "
            + TenantNames.realm(tenant)
            + "; namespace "
            + TenantNames.PREFIX
            + tenant.getMetadata().getName()
            + " goes with the tenant");
    return DeleteControl.defaultDelete();
  }
}
