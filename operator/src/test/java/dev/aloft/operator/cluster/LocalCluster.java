package dev.aloft.operator.cluster;

import dev.aloft.crds.install.AloftCrds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the operator under test at the local single-node cluster ({@code infra/k8s/up}) and at
 * Keycloak, etcd, PostgreSQL and NATS of {@code infra/up}, and applies the checked-in CRDs before
 * it starts.
 */
public class LocalCluster implements QuarkusTestResourceLifecycleManager {

  /** The local cluster's kubeconfig ({@code -Daloft.k8s.kubeconfig}, else infra/k8s/up's). */
  public static Path kubeconfig() {
    Path kubeconfig =
        Path.of(
            System.getProperty(
                "aloft.k8s.kubeconfig",
                System.getProperty("user.home") + "/.cache/aloft/k8s/state/kubeconfig"));
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalStateException(
          "no kubeconfig at " + kubeconfig + ": start the cluster with infra/k8s/up");
    }
    return kubeconfig;
  }

  @Override
  public Map<String, String> start() {
    Path kubeconfig = kubeconfig();
    System.setProperty("kubeconfig", kubeconfig.toString());
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      AloftCrds.apply(client, Duration.ofMinutes(2));
    }
    Map<String, String> infra = infraEnv();
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.keycloak.admin-client.server-url", infra.get("ALOFT_KEYCLOAK_URL"));
    config.put("quarkus.keycloak.admin-client.username", infra.get("ALOFT_KEYCLOAK_ADMIN_USER"));
    config.put(
        "quarkus.keycloak.admin-client.password", infra.get("ALOFT_KEYCLOAK_ADMIN_PASSWORD"));
    config.put("aloft.partitions.etcd.endpoints", infra.get("ALOFT_ETCD_ENDPOINTS"));
    config.put("aloft.partitions.postgres.url", infra.get("ALOFT_POSTGRES_JDBC_URL"));
    config.put("aloft.partitions.postgres.user", infra.get("ALOFT_POSTGRES_USER"));
    config.put("aloft.partitions.postgres.password", infra.get("ALOFT_POSTGRES_PASSWORD"));
    config.put("aloft.partitions.nats.url", infra.get("ALOFT_NATS_URL"));
    config.put("quarkus.kubernetes-client.devservices.enabled", "false");
    return config;
  }

  /** KEY=VALUE lines of infra/up's infra.env. */
  public static Map<String, String> infraEnv() {
    Path file =
        Path.of(
            System.getProperty(
                "aloft.infra.env",
                System.getProperty("user.home") + "/.cache/aloft/infra/infra.env"));
    try {
      Map<String, String> values = new HashMap<>();
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return values;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": run infra/up first", e);
    }
  }

  @Override
  public void stop() {}
}
