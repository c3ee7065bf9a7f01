package dev.aloft.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantSpec;
import dev.aloft.tenant.PlatformSettings;
import dev.aloft.tenant.TenantRbac;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's ClusterRole covers what the operator's code does with the Kubernetes API (read
 * from its reconcilers, dependents and client calls) and every permission of the Role it gives a
 * tenant's admins (Kubernetes lets nobody grant more than they hold); it is bound to the operator's
 * ServiceAccount.
 */
class OperatorRbacTest {

  static Path operatorSources;
  static List<Class<?>> reconcilers;
  static List<PolicyRule> rules;

  @BeforeAll
  static void read() {
    operatorSources = RenderedChart.repository().resolve("operator/src/main/java");
    reconcilers = OperatorApiUsage.reconcilers(operatorSources);
    rules =
        RenderedChart.withDefaults()
            .get(ClusterRole.class, RenderedChart.RELEASE + "-operator")
            .getRules();
  }

  @Test
  void findsTheOperatorsReconcilers() {
    assertThat(reconcilers)
        .extracting(Class::getSimpleName)
        .containsExactlyInAnyOrder(
            "TenantReconciler", "ServiceReconciler", "EnvironmentReconciler");
  }

  @Test
  void coversThePrimaryResourcesTheirStatusAndFinalizers() {
    Set<Permission> needed = OperatorApiUsage.primaries(reconcilers);
    assertThat(needed)
        .contains(
            new Permission("aloft.dev", "tenants", "watch"),
            new Permission("aloft.dev", "services/status", "patch"),
            new Permission("aloft.dev", "environments/finalizers", "update"));
    assertThat(missing(needed)).isEmpty();
  }

  @Test
  void coversEveryDependentObjectWithTheVerbsOfItsKindOfDependent() {
    Set<Permission> needed = OperatorApiUsage.dependents(reconcilers);
    // the workflows' objects, as the operator's docs list them
    assertThat(needed)
        .extracting(p -> p.group() + "/" + p.resource())
        .contains(
            "/namespaces",
            "/resourcequotas",
            "/limitranges",
            "networking.k8s.io/networkpolicies",
            "/serviceaccounts",
            "rbac.authorization.k8s.io/roles",
            "rbac.authorization.k8s.io/rolebindings",
            "apps/deployments",
            "/services",
            "/secrets",
            "batch/jobs");
    assertThat(needed)
        .contains(
            new Permission("batch", "jobs", "create"),
            new Permission("apps", "deployments", "update"),
            new Permission("networking.k8s.io", "networkpolicies", "delete"));
    assertThat(missing(needed)).isEmpty();
  }

  @Test
  void coversEveryCallTheOperatorMakesThroughItsClient() {
    Set<Permission> needed = OperatorApiUsage.clientCalls(operatorSources);
    assertThat(needed)
        .contains(
            new Permission("", "pods", "list"),
            new Permission("", "secrets", "get"),
            new Permission("", "events", "create"),
            new Permission("batch", "jobs", "delete"),
            new Permission("batch", "jobs", "get"));
    assertThat(missing(needed)).isEmpty();
  }

  @Test
  void holdsEveryPermissionItGrantsToTenantAdmins() {
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName("acme").build());
    tenant.setSpec(new TenantSpec());
    List<PolicyRule> tenantRole =
        TenantRbac.role(tenant, PlatformSettings.of("aloft-system", List.of())).getRules();

    List<Permission> granted = Permission.of(tenantRole);
    assertThat(granted)
        .contains(new Permission("", "pods", "get"), new Permission("", "pods/log", "get"));
    assertThat(missing(granted)).isEmpty();
  }

  @Test
  void grantsNothingClusterWideThatTheOperatorDoesNotUse() {
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
              assertThat(rule.getResources()).doesNotContain("*");
              assertThat(rule.getApiGroups()).doesNotContain("*");
            });
    assertThat(Permission.of(rules))
        .doesNotContain(
            new Permission("apiextensions.k8s.io", "customresourcedefinitions", "create"),
            new Permission("rbac.authorization.k8s.io", "clusterroles", "create"));
  }

  @Test
  void isBoundToTheOperatorsServiceAccount() {
    RenderedChart chart = RenderedChart.withDefaults();
    ClusterRoleBinding binding =
        chart.get(ClusterRoleBinding.class, RenderedChart.RELEASE + "-operator");
    assertThat(binding.getRoleRef().getName()).isEqualTo(RenderedChart.RELEASE + "-operator");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
              assertThat(s.getName())
                  .isEqualTo(
                      chart.operator().getSpec().getTemplate().getSpec().getServiceAccountName());
            });
  }

  private static List<Permission> missing(java.util.Collection<Permission> needed) {
    return needed.stream().filter(p -> !p.grantedBy(rules)).toList();
  }
}
