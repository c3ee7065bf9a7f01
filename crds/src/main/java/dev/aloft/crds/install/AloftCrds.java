package dev.aloft.crds.install;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The checked-in aloft.dev CRDs (shipped in this jar under {@value #RESOURCES}) and how to put them
 * on a cluster: server-side apply, then wait until each one is Established. A cluster that is still
 * starting (connection refused, 5xx, 429) is retried until the timeout runs out; any other refusal
 * fails at once, naming the CRD and the API server's answer.
 */
public final class AloftCrds {

  public static final String RESOURCES = "META-INF/aloft/crds/";

  /** File names, in the order they are applied (tenants first: the others refer to tenants). */
  public static final List<String> FILES =
      List.of(
          "tenants.aloft.dev-v1.yml", "environments.aloft.dev-v1.yml", "services.aloft.dev-v1.yml");

  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  private AloftCrds() {}

  /** The CRDs of {@link #FILES}, read from this jar. */
  public static List<CustomResourceDefinition> load() {
    return FILES.stream().map(AloftCrds::load).toList();
  }

  /** Applies every CRD and waits until the API server serves it. */
  public static void apply(KubernetesClient client, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (CustomResourceDefinition crd : load()) {
      String name = crd.getMetadata().getName();
      applyRetryingTransient(client, crd, deadline);
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(AloftCrds::established, left, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Whether a failed call may succeed if made again: no answer at all (the API server is down or
   * restarting), too many requests, or the server's own failures.
   */
  public static boolean isTransient(KubernetesClientException e) {
    int code = e.getCode(); // no HTTP status (-1): the call got no answer
    return code <= 0 || code == 429 || code == 500 || code == 503 || code == 504;
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void applyRetryingTransient(
      KubernetesClient client, CustomResourceDefinition crd, long deadline) {
    String name = crd.getMetadata().getName();
    while (true) {
      try {
        client.resource(crd).forceConflicts().serverSideApply();
        return;
      } catch (KubernetesClientException e) {
        if (!isTransient(e) || System.nanoTime() + RETRY_PAUSE.toNanos() > deadline) {
          throw new IllegalStateException(
              "could not apply CRD " + name + " to " + client.getMasterUrl() + ": " + reason(e), e);
        }
      }
      try {
        Thread.sleep(RETRY_PAUSE.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while applying CRD " + name, interrupted);
      }
    }
  }

  /** The API server's message, or for a call that got no answer, the underlying I/O failure. */
  static String reason(KubernetesClientException e) {
    if (e.getCode() > 0 || e.getCause() == null) {
      return e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return e.getMessage() + " (" + root + ")";
  }

  private static CustomResourceDefinition load(String file) {
    try (InputStream in = AloftCrds.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "CRD " + RESOURCES + file + " is missing from the classpath");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading CRD " + RESOURCES + file, e);
    }
  }
}
