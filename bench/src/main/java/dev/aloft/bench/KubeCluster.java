package dev.aloft.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
}
