package dev.aloft.bench;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local cluster of {@code infra/k8s/up} (kubeconfig {@code
 * ~/.cache/aloft/k8s/state/kubeconfig}, or {@code -Daloft.k8s.kubeconfig}), reached with fabric8 as
 * the operator ITs reach it.
 */
final class KubeCluster {

  private KubeCluster() {}

  static Path kubeconfig() {
    return Path.of(
        System.getProperty(
            "aloft.k8s.kubeconfig",
            System.getProperty("user.home") + "/.cache/aloft/k8s/state/kubeconfig"));
  }

  /** A client of the cluster, with room for many requests at once. */
  static KubernetesClient client() throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(256);
    // deleting a thousand services at once takes the API server longer than the default 10 s
    config.setRequestTimeout((int) TimeUnit.MINUTES.toMillis(5));
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Why the cluster cannot be used (no kubeconfig, no answer), or empty when it can. */
  static Optional<String> problem() {
    Path kubeconfig = kubeconfig();
    if (!Files.isReadable(kubeconfig)) {
      return Optional.of(
          "no kubeconfig at " + kubeconfig + " (start the cluster with infra/k8s/up)");
    }
    try (KubernetesClient client = client()) {
      client.getKubernetesVersion();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("the cluster of " + kubeconfig + " does not answer: " + e.getMessage());
    }
  }

  /**
   * Applies the aloft.dev CRDs from {@code crds/target/crds} the way the operator ITs do
   * (server-side apply), but only those missing from the cluster: the cluster is shared, and the
   * CRDs there are the same files.
   */
  static void ensureCrds(KubernetesClient client) throws IOException {
    Path dir = AloftServer.repository().resolve("crds/target/crds");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.toString().endsWith(".aloft.dev-v1.yml")).toList();
    }
    if (files.size() != 3) {
      throw new IllegalStateException("expected 3 CRDs in " + dir + ", found " + files);
    }
    for (Path file : files) {
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(file)) {
        crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      }
      var existing =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName());
      if (existing.get() != null) {
        continue;
      }
      client.resource(crd).forceConflicts().serverSideApply();
      existing.waitUntilCondition(
          c ->
              c != null
                  && c.getStatus() != null
                  && c.getStatus().getConditions().stream()
                      .anyMatch(
                          x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
          60,
          TimeUnit.SECONDS);
    }
  }
}
