package dev.aloft.helm;

import static dev.aloft.helm.RenderedChart.container;
import static dev.aloft.helm.RenderedChart.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What `helm install aloft helm/aloft -n aloft-system` renders with the chart's own values. */
class ChartDefaultsTest {

  static RenderedChart chart;
  static String version;

  @BeforeAll
  static void render() {
    chart = RenderedChart.withDefaults();
    version = RenderedChart.requiredProperty("aloft.version");
  }

  @Test
  void rendersTheOperatorTheServerAndTheirRbac() {
    assertThat(chart.names())
        .containsExactlyInAnyOrder(
            "ServiceAccount/aloft-operator",
            "ClusterRole/aloft-operator",
            "ClusterRoleBinding/aloft-operator",
            "Deployment/aloft-operator",
            "ServiceAccount/aloft-server",
            "ClusterRole/aloft-server",
            "ClusterRoleBinding/aloft-server",
            "Deployment/aloft-server",
            "Service/aloft-server");
  }

  @Test
  void imagesAreThoseTheBuildPushesForThisVersion() {
    assertThat(container(chart.operator()).getImage())
        .isEqualTo("127.0.0.1:5000/aloft/operator:" + version);
    assertThat(container(chart.server()).getImage())
        .isEqualTo("127.0.0.1:5000/aloft/server:" + version);
    assertThat(env(chart.operator()))
        .containsEntry("ALOFT_BUILDER_IMAGE", "127.0.0.1:5000/aloft/runtime-builder:" + version)
        .containsEntry("ALOFT_BUILDER_BASE_IMAGE", "127.0.0.1:5000/aloft/jre:17");
  }

  @Test
  void theServerRunsTheClusterProfileWithTheKubernetesRuntime() {
    Map<String, String> env = env(chart.server());
    assertThat(env)
        .containsEntry("ALOFT_PROFILE", "cluster")
        .containsEntry("ALOFT_RUNTIME_BACKEND", "kubernetes")
        .containsEntry("ALOFT_HTTP_PORT", "8080")
        .containsEntry("ALOFT_GRPC_PORT", "8081")
        .containsEntry("ALOFT_DATA_DIR", "/var/lib/aloft")
        .containsEntry("ALOFT_CONFIG_SECRET_KEY_FILE", "/etc/aloft/config-key/secret.key")
        .containsEntry("ALOFT_ETCD_ENDPOINTS", "http://127.0.0.1:2379")
        .containsEntry("ALOFT_POSTGRES_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/aloft")
        .containsEntry("ALOFT_NATS_URL", "nats://127.0.0.1:4222")
        .containsEntry("ALOFT_KEYCLOAK_URL", "http://127.0.0.1:8180")
        .containsEntry("ALOFT_KEYCLOAK_ADMIN_PASSWORD", "secret:aloft-keycloak-admin/password")
        .doesNotContainKeys("ALOFT_POSTGRES_PASSWORD", "ALOFT_ADMIN_SECRET", "ALOFT_ETCD_USER");
    var probe = container(chart.server()).getReadinessProbe().getHttpGet();
    assertThat(probe.getPath()).isEqualTo("/q/health/ready");
    assertThat(probe.getPort().getStrVal()).isEqualTo("http");
    var pod = chart.server().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("aloft-config-key"));
  }

  @Test
  void operatorAndServerNameTheBackendsAlike() {
    Map<String, String> operator = env(chart.operator());
    Map<String, String> server = env(chart.server());
    for (String shared :
        new String[] {
          "ALOFT_ETCD_ENDPOINTS",
          "ALOFT_POSTGRES_JDBC_URL",
          "ALOFT_POSTGRES_USER",
          "ALOFT_NATS_URL",
          "ALOFT_KEYCLOAK_URL",
          "ALOFT_KEYCLOAK_ADMIN_USER",
          "ALOFT_KEYCLOAK_ADMIN_PASSWORD"
        }) {
      assertThat(operator.get(shared)).as(shared).isNotNull().isEqualTo(server.get(shared));
    }
    // the prefixes under which the server keeps data are those the operator partitions
    assertThat(operator.get("ALOFT_PARTITIONS_ETCD_PREFIX"))
        .isEqualTo(server.get("ALOFT_ETCD_PREFIX"))
        .isEqualTo("/aloft");
    assertThat(operator.get("ALOFT_PARTITIONS_POSTGRES_SCHEMA_PREFIX"))
        .isEqualTo(server.get("ALOFT_STORE_POSTGRES_SCHEMA_PREFIX"))
        .isEqualTo("aloft_");
    assertThat(operator.get("ALOFT_PARTITIONS_JETSTREAM_PREFIX"))
        .isEqualTo(server.get("ALOFT_EVENTS_JETSTREAM_PREFIX"))
        .isEqualTo("aloft");
  }

  @Test
  void theOperatorServesTheReleaseNamespaceAndPointsServicesAtTheServer() {
    assertThat(env(chart.operator()))
        .containsEntry("ALOFT_PLATFORM_NAMESPACE", RenderedChart.NAMESPACE)
        .containsEntry("ALOFT_PLATFORM_SERVER_ADDRESS", "aloft-server.aloft-system.svc:8081")
        .containsEntry("QUARKUS_HTTP_PORT", "8080")
        .containsEntry("ALOFT_BUILDER_HOST_NETWORK", "false")
        .doesNotContainKey("QUARKUS_OPERATOR_SDK_CONTROLLERS_TENANT_SELECTOR");
    assertThat(chart.operator().getSpec().getReplicas()).isEqualTo(1);
    assertThat(chart.operator().getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void podsUseTheClusterNetworkUnlessToldOtherwise() {
    for (Deployment deployment : chart.all(Deployment.class)) {
      assertThat(deployment.getSpec().getTemplate().getSpec().getHostNetwork())
          .as(deployment.getMetadata().getName())
          .isNull();
    }
  }

  @Test
  void theServiceSelectsTheServerPodsOnBothPorts() {
    Service service = chart.get(Service.class, "aloft-server");
    Map<String, String> serverPods =
        chart.server().getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> operatorPods =
        chart.operator().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(serverPods).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(operatorPods).doesNotContainEntry("app.kubernetes.io/component", "server");
    assertThat(service.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/component", "server");
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("http:8080->http", "grpc:8081->grpc");
    assertThat(container(chart.server()).getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "grpc:8081");
  }

  @Test
  void everyObjectCarriesTheRecommendedLabels() {
    for (HasMetadata object : chart.objects()) {
      assertThat(object.getMetadata().getLabels())
          .as(object.getKind() + " " + object.getMetadata().getName())
          .containsEntry("app.kubernetes.io/name", "aloft")
          .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/version", version)
          .containsKey("app.kubernetes.io/component")
          .containsKey("helm.sh/chart");
    }
  }

  @Test
  void eachDeploymentRunsAsItsOwnServiceAccount() {
    for (Deployment deployment : chart.all(Deployment.class)) {
      String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
      assertThat(chart.find(ServiceAccount.class, account))
          .as(deployment.getMetadata().getName())
          .isPresent();
      assertThat(account).isEqualTo(deployment.getMetadata().getName());
    }
  }
}
