package dev.aloft.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The single-node Kubernetes of infra/k8s/up, driven with its own kubectl and admin kubeconfig
 * (under {@code ~/.cache/aloft/k8s}), as a user would.
 */
public final class LocalCluster {

  private final Path kubectl;
  private final Path kubeconfig;

  private LocalCluster(Path kubectl, Path kubeconfig) {
    this.kubectl = kubectl;
    this.kubeconfig = kubeconfig;
  }

  public static LocalCluster fromInfra() {
    String cache = System.getenv("ALOFT_CACHE");
    Path k8s =
        (cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "aloft"))
            .resolve("k8s");
    Path kubectl = k8s.resolve("bin/v1.20.2/kubectl");
    return new LocalCluster(
        Files.isExecutable(kubectl) ? kubectl : Path.of("kubectl"),
        k8s.resolve("state/kubeconfig"));
  }

  /** True when the cluster's API server answers {@code /readyz}. */
  public boolean isUp() {
    if (!Files.isRegularFile(kubeconfig)) {
      return false;
    }
    try {
      return kubectl("get", "--raw", "/readyz").equals("ok");
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs kubectl with the admin kubeconfig; its output, or an IOException with it. */
  public String kubectl(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig"));
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("kubectl " + String.join(" ", args) + " did not finish in 120 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (process.exitValue() != 0) {
      throw new IOException("kubectl " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
