package dev.aloft.tenant;

import static dev.aloft.tenant.TenantFixtures.ACME_LABELS;
import static dev.aloft.tenant.TenantFixtures.PLATFORM;
import static dev.aloft.tenant.TenantFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.aloft.crds.v1alpha1.TenantAdmin;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantRbacTest {

  private static final List<String> READ = List.of("get", "list", "watch");
  private static final List<String> MANAGE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  @Test
  void serviceAccountLivesInTheTenantNamespace() {
    ServiceAccount account = TenantRbac.serviceAccount(tenant("acme"), PLATFORM);

    assertThat(account.getMetadata().getName()).isEqualTo("aloft-tenant-admin");
    assertThat(account.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(account.getMetadata().getLabels()).isEqualTo(ACME_LABELS);
  }

  @Test
  void roleManagesAloftServicesAndSecretsAndReadsWhatRuns() {
    Role role = TenantRbac.role(tenant("acme"), PLATFORM);

    assertThat(role.getMetadata().getName()).isEqualTo("aloft-tenant-admin");
    assertThat(role.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(role.getMetadata().getLabels()).isEqualTo(ACME_LABELS);
    assertThat(role.getRules())
        .extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
        .containsExactly(
            tuple(List.of("aloft.dev"), List.of("services"), MANAGE),
            tuple(
                List.of("aloft.dev"), List.of("services/scale"), List.of("get", "update", "patch")),
            tuple(List.of("aloft.dev"), List.of("services/status"), List.of("get")),
            tuple(List.of(""), List.of("secrets"), MANAGE),
            tuple(
                List.of(""),
                List.of("pods", "pods/log", "services", "endpoints", "configmaps", "events"),
                READ),
            tuple(List.of("apps"), List.of("deployments", "replicasets"), READ),
            tuple(List.of("batch"), List.of("jobs"), READ),
            tuple(List.of("events.k8s.io"), List.of("events"), READ));
    assertThat(role.getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getResourceNames()).isEmpty();
              assertThat(rule.getNonResourceURLs()).isEmpty();
              assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            });
  }

  @Test
  void roleBindingBindsTheRoleToTheServiceAccountAndEveryAdmin() {
    TenantSpec spec = new TenantSpec();
    spec.setAdmins(
        List.of(TenantAdmin.user("alice@acme.example"), TenantAdmin.group("acme-admins")));

    RoleBinding binding = TenantRbac.roleBinding(tenant("acme", spec), PLATFORM);

    assertThat(binding.getMetadata().getName()).isEqualTo("aloft-tenant-admin");
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(binding.getMetadata().getLabels()).isEqualTo(ACME_LABELS);
    assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("aloft-tenant-admin");
    assertThat(binding.getSubjects())
        .extracting(Subject::getKind, Subject::getName, Subject::getNamespace, Subject::getApiGroup)
        .containsExactly(
            tuple("ServiceAccount", "aloft-tenant-admin", "aloft-acme", null),
            tuple("User", "alice@acme.example", null, "rbac.authorization.k8s.io"),
            tuple("Group", "acme-admins", null, "rbac.authorization.k8s.io"));
  }

  @Test
  void withoutAdminsOnlyTheServiceAccountIsBound() {
    RoleBinding binding = TenantRbac.roleBinding(tenant("acme"), PLATFORM);

    assertThat(binding.getSubjects())
        .extracting(Subject::getKind)
        .containsExactly("ServiceAccount");
  }

  @Test
  void anAdminWithoutNameIsRefusedNamingItsIndex() {
    TenantSpec spec = new TenantSpec();
    spec.setAdmins(List.of(TenantAdmin.user("alice"), TenantAdmin.group(" ")));

    assertThatThrownBy(() -> TenantRbac.roleBinding(tenant("acme", spec), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spec.admins[1].name must not be empty");
  }
}
