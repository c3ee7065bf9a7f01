package dev.aloft.helm;

import static dev.aloft.helm.RenderedChart.container;
import static dev.aloft.helm.RenderedChart.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values given at install change what is rendered, as docs/helm.md says. */
class ChartOverridesTest {

  @Test
  void imagesComeFromTheGivenRegistryAndTag() {
    RenderedChart chart =
        RenderedChart.with(
            Map.of(
                "image", Map.of("registry", "registry.example:5443/", "tag", "1.2.3"),
                "operator",
                    Map.of("builder", Map.of("baseImage", "registry.example:5443/jre:21"))));
    assertThat(container(chart.operator()).getImage())
        .isEqualTo("registry.example:5443/aloft/operator:1.2.3");
    assertThat(container(chart.server()).getImage())
        .isEqualTo("registry.example:5443/aloft/server:1.2.3");
    assertThat(env(chart.operator()))
        .containsEntry("ALOFT_BUILDER_IMAGE", "registry.example:5443/aloft/runtime-builder:1.2.3")
        .containsEntry("ALOFT_BUILDER_BASE_IMAGE", "registry.example:5443/jre:21");
  }

  @Test
  void hostNetworkPutsBothPodsAndTheBuildsOnTheNodesNetwork() {
    RenderedChart chart =
        RenderedChart.with(
            Map.of(
                "hostNetwork", true,
                "operator", Map.of("httpPort", 18322),
                "server", Map.of("httpPort", 18320, "grpcPort", 18321)));
    for (Deployment deployment : chart.all(Deployment.class)) {
      var pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getHostNetwork()).as(deployment.getMetadata().getName()).isTrue();
      assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
      assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }
    assertThat(env(chart.operator()))
        .containsEntry("ALOFT_BUILDER_HOST_NETWORK", "true")
        .containsEntry("QUARKUS_HTTP_PORT", "18322");
    assertThat(container(chart.operator()).getPorts().get(0).getContainerPort()).isEqualTo(18322);
    assertThat(env(chart.server()))
        .containsEntry("ALOFT_HTTP_PORT", "18320")
        .containsEntry("ALOFT_GRPC_PORT", "18321");
    assertThat(chart.get(Service.class, "aloft-server").getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(18320, 18321);
    // one node: services reach the server on the node's IP
    assertThat(env(chart.operator()))
        .containsEntry("ALOFT_PLATFORM_SERVER_ADDRESS", "$(ALOFT_NODE_IP):18321");
    assertThat(container(chart.operator()).getEnv())
        .filteredOn(v -> v.getName().equals("ALOFT_NODE_IP"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("status.hostIP"));
    var names = container(chart.operator()).getEnv().stream().map(v -> v.getName()).toList();
    assertThat(names.indexOf("ALOFT_NODE_IP"))
        .as("defined before the variable that refers to it")
        .isLessThan(names.indexOf("ALOFT_PLATFORM_SERVER_ADDRESS"));
  }

  @Test
  void buildsCanStayOffTheNodesNetworkWhenThePlatformIsOnIt() {
    RenderedChart chart =
        RenderedChart.with(
            Map.of(
                "hostNetwork",
                true,
                "operator",
                Map.of("httpPort", 18322, "builder", Map.of("hostNetwork", false))));
    assertThat(env(chart.operator())).containsEntry("ALOFT_BUILDER_HOST_NETWORK", "false");
    assertThat(chart.operator().getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
  }

  @Test
  void aSelectorRestrictsAllThreeControllers() {
    RenderedChart chart =
        RenderedChart.with(Map.of("operator", Map.of("selector", "aloft.dev/stage=prod")));
    assertThat(env(chart.operator()))
        .containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_TENANT_SELECTOR", "aloft.dev/stage=prod")
        .containsEntry(
            "QUARKUS_OPERATOR_SDK_CONTROLLERS_ENVIRONMENT_SELECTOR", "aloft.dev/stage=prod")
        .containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_SERVICE_SELECTOR", "aloft.dev/stage=prod");
  }

  @Test
  void theRuntimeBackendProfileAndServerAddressAreValues() {
    RenderedChart chart =
        RenderedChart.with(
            Map.of(
                "server", Map.of("runtime", Map.of("backend", "local"), "profile", "staging"),
                "platform",
                    Map.of(
                        "serverAddress",
                        "10.0.0.5:18321",
                        "loginRedirectUris",
                        List.of("https://aloft.example/*"))));
    assertThat(env(chart.server()))
        .containsEntry("ALOFT_RUNTIME_BACKEND", "local")
        .containsEntry("ALOFT_PROFILE", "staging")
        .containsEntry("ALOFT_KEYCLOAK_LOGIN_REDIRECT_URIS", "https://aloft.example/*");
    assertThat(env(chart.operator()))
        .containsEntry("ALOFT_PLATFORM_SERVER_ADDRESS", "10.0.0.5:18321")
        .containsEntry("ALOFT_PLATFORM_LOGIN_REDIRECT_URIS", "https://aloft.example/*");
  }

  @Test
  void backendAddressesPrefixesAndSecretsAreValues() {
    RenderedChart chart =
        RenderedChart.with(
            Map.of(
                "backends",
                Map.of(
                    "etcd",
                    Map.of(
                        "endpoints", "https://etcd-0:2379,https://etcd-1:2379",
                        "prefix", "/prod",
                        "credentialsSecret", Map.of("name", "etcd-auth")),
                    "postgres",
                    Map.of(
                        "url", "jdbc:postgresql://db:5432/aloft",
                        "schemaPrefix", "prod_",
                        "passwordSecret", Map.of("name", "db", "key", "pw")),
                    "nats",
                    Map.of("url", "nats://nats:4222", "prefix", "prod"),
                    "keycloak",
                    Map.of(
                        "url",
                        "https://id.example",
                        "adminPasswordSecret",
                        Map.of("name", "kc", "key", "admin")))));
    assertThat(env(chart.server()))
        .containsEntry("ALOFT_ETCD_ENDPOINTS", "https://etcd-0:2379,https://etcd-1:2379")
        .containsEntry("ALOFT_ETCD_PREFIX", "/prod")
        .containsEntry("ALOFT_ETCD_USER", "secret:etcd-auth/user")
        .containsEntry("ALOFT_ETCD_PASSWORD", "secret:etcd-auth/password")
        .containsEntry("ALOFT_POSTGRES_PASSWORD", "secret:db/pw")
        .containsEntry("ALOFT_STORE_POSTGRES_SCHEMA_PREFIX", "prod_")
        .containsEntry("ALOFT_EVENTS_JETSTREAM_PREFIX", "prod")
        .containsEntry("ALOFT_KEYCLOAK_URL", "https://id.example")
        .containsEntry("ALOFT_KEYCLOAK_ADMIN_PASSWORD", "secret:kc/admin");
    assertThat(env(chart.operator()))
        .containsEntry("ALOFT_PARTITIONS_ETCD_USER", "secret:etcd-auth/user")
        .containsEntry("ALOFT_PARTITIONS_ETCD_PASSWORD", "secret:etcd-auth/password")
        .containsEntry("ALOFT_PARTITIONS_ETCD_PREFIX", "/prod")
        .containsEntry("ALOFT_PARTITIONS_POSTGRES_SCHEMA_PREFIX", "prod_")
        .containsEntry("ALOFT_PARTITIONS_JETSTREAM_PREFIX", "prod")
        .containsEntry("ALOFT_POSTGRES_PASSWORD", "secret:db/pw");
  }

  @Test
  void existingServiceAccountsAndNoRbac() {
    RenderedChart chart =
        RenderedChart.with(
            Map.of(
                "rbac", Map.of("create", false),
                "operator", Map.of("serviceAccount", Map.of("create", false, "name", "ops")),
                "server", Map.of("serviceAccount", Map.of("create", false, "name", "srv"))));
    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.names()).noneMatch(n -> n.startsWith("ServiceAccount/"));
    assertThat(chart.operator().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("ops");
    assertThat(chart.server().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("srv");
  }

  @Test
  void theAdminSecretAndExtraEnvironmentReachTheServer() {
    RenderedChart chart =
        RenderedChart.with(
            Map.of(
                "server",
                Map.of(
                    "adminSecret", Map.of("name", "aloft-admin"),
                    "extraEnv", List.of(Map.of("name", "ALOFT_GATEWAY_TIMEOUT", "value", "10S")))));
    assertThat(env(chart.server()))
        .containsEntry("ALOFT_ADMIN_SECRET", "secret:aloft-admin/secret")
        .containsEntry("ALOFT_GATEWAY_TIMEOUT", "10S");
  }
}
