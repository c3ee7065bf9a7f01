package dev.aloft.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's Kubernetes runtime may manage aloft.dev Services and read pods and their logs in
 * every tenant's namespace, and nothing else.
 */
class ServerRbacTest {

  @Test
  void managesAloftServicesAndReadsPodsAndLogsClusterWide() {
    RenderedChart chart = RenderedChart.withDefaults();
    var rules = chart.get(ClusterRole.class, "aloft-server").getRules();

    List<Permission> needed = new java.util.ArrayList<>();
    needed.addAll(
        Permission.of(
            "aloft.dev",
            "services",
            List.of("get", "list", "watch", "create", "update", "patch", "delete")));
    needed.addAll(Permission.of("", "pods", List.of("get", "list", "watch")));
    needed.add(new Permission("", "pods/log", "get"));
    assertThat(needed).allMatch(p -> p.grantedBy(rules));

    assertThat(Permission.of(rules))
        .allMatch(
            p ->
                needed.contains(p)
                    || p.equals(new Permission("aloft.dev", "services/status", "get")),
            "only the runtime's permissions");
    assertThat(new Permission("", "secrets", "get").grantedBy(rules)).isFalse();
    assertThat(new Permission("aloft.dev", "tenants", "create").grantedBy(rules)).isFalse();

    ClusterRoleBinding binding = chart.get(ClusterRoleBinding.class, "aloft-server");
    assertThat(binding.getRoleRef().getName()).isEqualTo("aloft-server");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName())
                  .isEqualTo(
                      chart.server().getSpec().getTemplate().getSpec().getServiceAccountName());
              assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
            });
  }
}
