package dev.aloft.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code kubectl} as a cluster admin runs it, against the local cluster of infra/k8s/up. */
final class Kubectl {

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** The kubeconfig of infra/k8s/up (or -Daloft.k8s.kubeconfig). */
  static Path localKubeconfig() {
    return Path.of(
        System.getProperty(
            "aloft.k8s.kubeconfig",
            System.getProperty("user.home") + "/.cache/aloft/k8s/state/kubeconfig"));
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  /** Runs {@code kubectl ARGS} with INPUT on stdin; its output, or an error with its stderr. */
  String runWithInput(String input, String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        String output = Files.readString(out);
        if (process.exitValue() != 0) {
          throw new AssertionError(
              String.join(" ", command)
                  + " exited "
                  + process.exitValue()
                  + ": "
                  + Files.readString(err));
        }
        return output;
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  String run(String... args) {
    return runWithInput("", args);
  }

  /** {@code kubectl apply -f -} of YAML. */
  String apply(String yaml) {
    return runWithInput(yaml, "apply", "-f", "-");
  }
}
