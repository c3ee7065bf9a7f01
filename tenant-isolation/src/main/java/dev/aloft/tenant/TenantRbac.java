package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.AdminKind;
import dev.aloft.crds.v1alpha1.AloftApi;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantAdmin;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a tenant's admins may do in its namespace: a Role (manage Aloft Services and the Secrets
 * they use, read what runs), a ServiceAccount for tools acting for the admins, and a RoleBinding of
 * the Role to that ServiceAccount and to spec.admins.
 */
public final class TenantRbac {

  /** Name of the ServiceAccount, the Role and the RoleBinding. */
  public static final String NAME = "aloft-tenant-admin";

  /** The API group of RBAC subjects that are users or groups. */
  public static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private static final List<String> READ = List.of("get", "list", "watch");

  private static final List<String> MANAGE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private TenantRbac() {}

  /** The ServiceAccount {@value #NAME} in the tenant's namespace. */
  public static ServiceAccount serviceAccount(Tenant tenant, PlatformSettings platform) {
    return new ServiceAccountBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, NAME))
        .build();
  }

  /**
   * The Role {@value #NAME}: manage services.aloft.dev (and scale them) and Secrets (git and env
   * credentials); read their status, pods and logs, Deployments, build Jobs, Kubernetes Services,
   * endpoints, ConfigMaps and events.
   */
  public static Role role(Tenant tenant, PlatformSettings platform) {
    return new RoleBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, NAME))
        .withRules(
            rule(AloftApi.GROUP, List.of("services"), MANAGE),
            rule(AloftApi.GROUP, List.of("services/scale"), List.of("get", "update", "patch")),
            rule(AloftApi.GROUP, List.of("services/status"), List.of("get")),
            rule("", List.of("secrets"), MANAGE),
            rule(
                "",
                List.of("pods", "pods/log", "services", "endpoints", "configmaps", "events"),
                READ),
            rule("apps", List.of("deployments", "replicasets"), READ),
            rule("batch", List.of("jobs"), READ),
            rule("events.k8s.io", List.of("events"), READ))
        .build();
  }

  /**
   * The RoleBinding {@value #NAME}: the Role, bound to the ServiceAccount and then to each of
   * spec.admins in order.
   */
  public static RoleBinding roleBinding(Tenant tenant, PlatformSettings platform) {
    List<Subject> subjects = new ArrayList<>();
    subjects.add(
        new SubjectBuilder()
            .withKind("ServiceAccount")
            .withName(NAME)
            .withNamespace(TenantNames.namespace(tenant, platform))
            .build());
    List<TenantAdmin> admins = TenantDefaults.complete(tenant.getSpec()).getAdmins();
    for (int i = 0; i < admins.size(); i++) {
      subjects.add(subject(admins.get(i), i));
    }
    return new RoleBindingBuilder()
        .withMetadata(TenantLabels.metadata(tenant, platform, NAME))
        .withNewRoleRef()
        .withApiGroup(RBAC_GROUP)
        .withKind("Role")
        .withName(NAME)
        .endRoleRef()
        .withSubjects(subjects)
        .build();
  }

  private static Subject subject(TenantAdmin admin, int index) {
    if (admin == null || admin.getKind() == null) {
      throw new IllegalArgumentException("spec.admins[" + index + "].kind must be User or Group");
    }
    if (admin.getName() == null || admin.getName().isBlank()) {
      throw new IllegalArgumentException("spec.admins[" + index + "].name must not be empty");
    }
    return new SubjectBuilder()
        .withApiGroup(RBAC_GROUP)
        .withKind(admin.getKind() == AdminKind.USER ? "User" : "Group")
        .withName(admin.getName())
        .build();
  }

  private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }
}
