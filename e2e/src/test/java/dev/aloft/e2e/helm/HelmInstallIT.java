package dev.aloft.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.aloft.e2e.infra.InfraEnv;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * {@code helm install} of helm/aloft into the local single-node cluster, as a user does it: the
 * operator and server images of this build (pushed by {@code PlatformImages} before the tests), the
 * backends of infra/up reached through the node's network ({@code hostNetwork}), then a tenant made
 * Ready by the operator running in the cluster (its RBAC and backend wiring), then {@code helm
 * uninstall}, after which nothing of the release is left and the CRDs are still there.
 *
 * <p>The cluster is shared: the release's operator reconciles only resources labelled {@code
 * aloft.dev/test=hc}, everything it makes is named {@code hc-...}, its ports are 18320-18322 of the
 * node, and its backend data lives under prefixes of its own ({@code /aloft-hc}, {@code aloft_hc_},
 * {@code alofthc}), removed afterwards.
 */
class HelmInstallIT {

  static final String NAMESPACE = "aloft-hc-system";
  static final String RELEASE = "hc-aloft";
  static final String TENANT = "hc-helm";
  static final String LABEL = "aloft.dev/test";
  static final String SECRET = "hc-backends";
  static final int HTTP_PORT = 18320;
  static final int GRPC_PORT = 18321;
  static final int OPERATOR_PORT = 18322;
  static final String ETCD_PREFIX = "/aloft-hc";
  static final String SCHEMA_PREFIX = "aloft_hc_";
  static final String STREAM_PREFIX = "alofthc";

  /** The realm of the platform admin, made by the server at its first start. */
  static final String DEFAULT_REALM = "aloft-default";

  static final ResourceDefinitionContext TENANTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("aloft.dev")
          .withVersion("v1alpha1")
          .withPlural("tenants")
          .withKind("Namespace")
          .withNamespaced(false)
          .build();

  static final List<String> CRDS =
      List.of("tenants.aloft.dev", "environments.aloft.dev", "services.aloft.dev");

  static InfraEnv infra;
  static Path kubeconfig;
  static KubernetesClient kube;
  static boolean defaultRealmExisted;

  @BeforeAll
  static void cluster() throws Exception {
    infra = InfraEnv.load();
    kubeconfig =
        Path.of(
            System.getProperty(
                "aloft.k8s.kubeconfig",
                System.getProperty("user.home") + "/.cache/aloft/k8s/state/kubeconfig"));
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalStateException(
          "no kubeconfig at " + kubeconfig + ": start the cluster with infra/k8s/up");
    }
    kube =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
    removeLeftovers();
    deletePrefixedData();
    try (Keycloak keycloak = keycloak()) {
      defaultRealmExisted =
          keycloak.realms().findAll().stream().anyMatch(r -> DEFAULT_REALM.equals(r.getRealm()));
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (kube == null) {
      return;
    }
    try {
      removeLeftovers();
      deletePrefixedData();
      deleteDefaultRealmIfOurs();
    } finally {
      kube.close();
    }
  }

  @Test
  void installsRunsATenantAndUninstallsCleanly() throws Exception {
    kube.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .addToLabels(LABEL, "hc")
                .addToLabels("aloft.dev/platform", "true")
                .endMetadata()
                .build())
        .create();
    assertThat(schemas()).as("PostgreSQL schemas %s* before the install", SCHEMA_PREFIX).isEmpty();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    kube.secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .endMetadata()
                .addToStringData("keycloak-password", infra.keycloakAdminPassword())
                .addToStringData("postgres-password", infra.postgresPassword())
                .addToStringData("config-key", Base64.getEncoder().encodeToString(key))
                .build())
        .create();

    Release release =
        new Helm(chart())
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeConfig(kubeconfig)
            .withValuesFile(valuesFile())
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    assertThat(release.getOutput()).contains("Aloft " + version());

    for (String name : List.of(RELEASE + "-operator", RELEASE + "-server")) {
      Deployment available =
          kube.apps()
              .deployments()
              .inNamespace(NAMESPACE)
              .withName(name)
              .waitUntilCondition(HelmInstallIT::available, 5, TimeUnit.MINUTES);
      assertThat(available.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(
              registry() + "/aloft/" + name.substring(RELEASE.length() + 1) + ":" + version());
    }

    // on the node's port (hostNetwork), and through the release's Service (kube-proxy)
    HttpResponse<String> ready = get("http://127.0.0.1:" + HTTP_PORT + "/q/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\": \"UP\"");
    String clusterIp =
        kube.services()
            .inNamespace(NAMESPACE)
            .withName(RELEASE + "-server")
            .get()
            .getSpec()
            .getClusterIP();
    HttpResponse<String> viaService =
        getWithRetries("http://" + clusterIp + ":" + HTTP_PORT + "/q/health/ready");
    assertThat(viaService.statusCode()).as(viaService.body()).isEqualTo(200);
    // The server in the cluster profile keeps the platform's rules in PostgreSQL, under the
    // schema prefix the chart gave it.
    assertThat(schemas()).as("PostgreSQL schemas %s*", SCHEMA_PREFIX).isNotEmpty();

    kube.genericKubernetesResources(TENANTS)
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: aloft.dev/v1alpha1
                kind: Namespace
                metadata:
                  name: %s
                  labels: {"%s": hc}
                spec: {}
                """
                    .formatted(TENANT, LABEL),
                GenericKubernetesResource.class))
        .create();
    GenericKubernetesResource tenant =
        kube.genericKubernetesResources(TENANTS)
            .withName(TENANT)
            .waitUntilCondition(HelmInstallIT::ready, 3, TimeUnit.MINUTES);
    assertThat(tenant.get("status", "namespace").toString()).isEqualTo("aloft-" + TENANT);
    assertThat(kube.namespaces().withName("aloft-" + TENANT).get()).isNotNull();

    // The operator's finalizer removes the tenant's realm and partitions before it is gone.
    kube.genericKubernetesResources(TENANTS).withName(TENANT).delete();
    kube.genericKubernetesResources(TENANTS)
        .withName(TENANT)
        .waitUntilCondition(t -> t == null, 3, TimeUnit.MINUTES);

    String uninstalled =
        Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(kubeconfig).call();
    assertThat(uninstalled).contains(RELEASE);
    // What Helm installed goes with the uninstall.
    assertThat(releaseObjects()).as("objects of the release left after uninstall").isEmpty();
    // Their ReplicaSets and pods (holding the node's ports) when the garbage collector and
    // kubelet are done, which takes minutes on a busy shared cluster.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!releasePods().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1000);
    }
    assertThat(releasePods())
        .as("ReplicaSets and pods of the release 10 minutes after uninstall")
        .isEmpty();
    for (String crd : CRDS) {
      assertThat(kube.apiextensions().v1().customResourceDefinitions().withName(crd).get())
          .as("CRD %s after uninstall", crd)
          .isNotNull();
    }
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** A new ClusterIP answers a moment after kube-proxy programmed it: a few tries. */
  static HttpResponse<String> getWithRetries(String url) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        return get(url);
      } catch (java.io.IOException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw last;
  }

  /** The ReplicaSets and pods of the release's Deployments. */
  static List<String> releasePods() {
    String instance = "app.kubernetes.io/instance";
    List<HasMetadata> left = new ArrayList<>();
    left.addAll(
        kube.apps()
            .replicaSets()
            .inNamespace(NAMESPACE)
            .withLabel(instance, RELEASE)
            .list()
            .getItems());
    left.addAll(kube.pods().inNamespace(NAMESPACE).withLabel(instance, RELEASE).list().getItems());
    return left.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  /** Everything Helm installed for the release (labelled as its), namespaced and cluster-wide. */
  static List<String> releaseObjects() {
    String instance = "app.kubernetes.io/instance";
    List<HasMetadata> left = new ArrayList<>();
    left.addAll(
        kube.apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .withLabel(instance, RELEASE)
            .list()
            .getItems());
    left.addAll(
        kube.services().inNamespace(NAMESPACE).withLabel(instance, RELEASE).list().getItems());
    left.addAll(
        kube.serviceAccounts()
            .inNamespace(NAMESPACE)
            .withLabel(instance, RELEASE)
            .list()
            .getItems());
    left.addAll(kube.rbac().clusterRoles().withLabel(instance, RELEASE).list().getItems());
    left.addAll(kube.rbac().clusterRoleBindings().withLabel(instance, RELEASE).list().getItems());
    left.addAll(
        kube.secrets().inNamespace(NAMESPACE).list().getItems().stream()
            .filter(s -> s.getMetadata().getName().startsWith("sh.helm.release"))
            .toList());
    return left.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  static boolean available(Deployment d) {
    return d != null
        && d.getStatus() != null
        && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()))
        && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
  }

  @SuppressWarnings("unchecked")
  static boolean ready(GenericKubernetesResource tenant) {
    if (tenant == null
        || !(tenant.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    Object conditions = status.get("conditions");
    return conditions instanceof List<?> list
        && list.stream()
            .map(c -> (Map<String, Object>) c)
            .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  /** The values a user of this single-node cluster gives: hostNetwork, own ports, the backends. */
  static Path valuesFile() throws Exception {
    String values =
        """
        image:
          registry: "%s"
          tag: "%s"
          pullPolicy: Always
        hostNetwork: true
        operator:
          httpPort: %d
          selector: "%s=hc"
        server:
          httpPort: %d
          grpcPort: %d
          configKeySecret: {name: %s, key: config-key}
        backends:
          etcd:
            endpoints: "%s"
            prefix: "%s"
          postgres:
            url: "%s"
            user: "%s"
            schemaPrefix: "%s"
            passwordSecret: {name: %s, key: postgres-password}
          nats:
            url: "%s"
            prefix: "%s"
          keycloak:
            url: "%s"
            adminUser: "%s"
            adminPasswordSecret: {name: %s, key: keycloak-password}
        """
            .formatted(
                registry(),
                version(),
                OPERATOR_PORT,
                LABEL,
                HTTP_PORT,
                GRPC_PORT,
                SECRET,
                String.join(",", infra.etcdEndpoints()),
                ETCD_PREFIX,
                infra.postgresJdbcUrl(),
                infra.postgresUser(),
                SCHEMA_PREFIX,
                SECRET,
                infra.natsUrl(),
                STREAM_PREFIX,
                infra.keycloakUrl(),
                infra.keycloakAdminUser(),
                SECRET);
    Path file = Files.createTempFile("hc-aloft-values", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, values);
    return file;
  }

  /** A release, tenant or namespace of an earlier run that did not finish. */
  static void removeLeftovers() {
    var tenant = kube.genericKubernetesResources(TENANTS).withName(TENANT);
    if (tenant.get() != null) {
      tenant.delete();
      try {
        tenant.waitUntilCondition(t -> t == null, 3, TimeUnit.MINUTES);
      } catch (KubernetesClientTimeoutException noOperator) {
        // no operator of ours left to run the finalizer: let the tenant go without it
        tenant.edit(
            t -> {
              t.getMetadata().setFinalizers(List.of());
              return t;
            });
      }
    }
    // The tenant's namespace is garbage collected after the tenant; do not wait for a busy
    // collector.
    kube.namespaces().withName("aloft-" + TENANT).delete();
    if (kube.namespaces().withName(NAMESPACE).get() != null) {
      Helm.uninstall(RELEASE)
          .withNamespace(NAMESPACE)
          .withKubeConfig(kubeconfig)
          .ignoreNotFound()
          .call();
      kube.namespaces().withName(NAMESPACE).delete();
      kube.namespaces().withName(NAMESPACE).waitUntilCondition(n -> n == null, 3, TimeUnit.MINUTES);
    }
  }

  /** What the release's server and operator wrote under the run's own prefixes. */
  static void deletePrefixedData() throws Exception {
    try (Client etcd =
        Client.builder().endpoints(infra.etcdEndpoints().toArray(String[]::new)).build()) {
      ByteSequence prefix = ByteSequence.from(ETCD_PREFIX + "/", StandardCharsets.UTF_8);
      etcd.getKVClient()
          .delete(prefix, DeleteOption.builder().isPrefix(true).build())
          .get(10, TimeUnit.SECONDS);
    }
    try (var db =
            DriverManager.getConnection(
                infra.postgresJdbcUrl(), infra.postgresUser(), infra.postgresPassword());
        var query = db.createStatement()) {
      for (String schema : schemas()) {
        query.execute("drop schema \"" + schema + "\" cascade");
      }
    }
    try (Connection nats = Nats.connect(infra.natsUrl())) {
      JetStreamManagement streams = nats.jetStreamManagement();
      for (String stream : streams.getStreamNames()) {
        if (stream.startsWith(STREAM_PREFIX + "_")) {
          streams.deleteStream(stream);
        }
      }
    }
  }

  /** The platform admin's realm, when the release's server made it. */
  static void deleteDefaultRealmIfOurs() {
    if (!defaultRealmExisted) {
      try (Keycloak keycloak = keycloak()) {
        if (keycloak.realms().findAll().stream()
            .anyMatch(r -> DEFAULT_REALM.equals(r.getRealm()))) {
          keycloak.realm(DEFAULT_REALM).remove();
        }
      }
    }
  }

  /** The PostgreSQL schemas under the run's own prefix. */
  static List<String> schemas() throws Exception {
    try (var db =
            DriverManager.getConnection(
                infra.postgresJdbcUrl(), infra.postgresUser(), infra.postgresPassword());
        var query = db.createStatement();
        ResultSet rows =
            query.executeQuery(
                "select nspname from pg_namespace where nspname like '"
                    + SCHEMA_PREFIX.replace("_", "\\_")
                    + "%'")) {
      List<String> schemas = new ArrayList<>();
      while (rows.next()) {
        schemas.add(rows.getString(1));
      }
      return schemas;
    }
  }

  static Keycloak keycloak() {
    return KeycloakBuilder.builder()
        .serverUrl(infra.keycloakUrl())
        .realm("master")
        .clientId("admin-cli")
        .username(infra.keycloakAdminUser())
        .password(infra.keycloakAdminPassword())
        .build();
  }

  static Path chart() {
    return Path.of(System.getProperty("aloft.repo", "..")).resolve("helm/aloft");
  }

  static String version() {
    return System.getProperty("aloft.version", "0.1.0-SNAPSHOT");
  }

  static String registry() {
    return System.getProperty("aloft.images.registry", infra.registry());
  }
}
