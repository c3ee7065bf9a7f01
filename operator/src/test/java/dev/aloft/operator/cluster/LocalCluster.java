package dev.aloft.operator.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    applyCrds(Path.of(System.getProperty("aloft.crds.dir", "../crds")));
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

  private static void applyCrds(Path dir) {
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        Stream<Path> files = Files.list(dir)) {
      List<Path> crds = files.filter(f -> f.toString().endsWith(".aloft.dev-v1.yml")).toList();
      if (crds.size() != 3) {
        throw new IllegalStateException("expected 3 CRDs in " + dir + ", found " + crds);
      }
      for (Path file : crds) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.resource(crd).forceConflicts().serverSideApply();
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .waitUntilCondition(
                  c ->
                      c.getStatus() != null
                          && c.getStatus().getConditions().stream()
                              .anyMatch(
                                  x ->
                                      "Established".equals(x.getType())
                                          && "True".equals(x.getStatus())),
                  60,
                  TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read CRDs in " + dir, e);
    }
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
