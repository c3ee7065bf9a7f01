package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.ValidationPatterns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** What a service's Deployment and pods say about its rollout, as pure functions. */
public final class ServiceRollouts {

  private ServiceRollouts() {}

  /** Ready replicas of the Deployment, 0 when it has no status yet. */
  public static int readyReplicas(Deployment deployment) {
    var status = deployment == null ? null : deployment.getStatus();
    return status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
  }

  /**
   * Whether the Deployment has rolled out its current spec: observed, every replica updated and
   * ready, none of an older ReplicaSet left.
   */
  public static boolean rolledOut(Deployment deployment, int replicas) {
    if (deployment == null || deployment.getStatus() == null) {
      return replicas == 0 && deployment != null;
    }
    var status = deployment.getStatus();
    long generation =
        deployment.getMetadata().getGeneration() == null
            ? 0
            : deployment.getMetadata().getGeneration();
    long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    int total = status.getReplicas() == null ? 0 : status.getReplicas();
    return observed >= generation
        && updated == replicas
        && total == replicas
        && readyReplicas(deployment) == replicas;
  }

  /**
   * The digest reference ({@code repository@sha256:...}) the service's ready pods run for {@code
   * image}, read from the container statuses; null when no ready pod runs it yet. An image given by
   * digest is its own answer.
   */
  public static String runningDigest(String image, List<Pod> pods) {
    if (image.matches(ValidationPatterns.IMAGE_DIGEST_REFERENCE)) {
      return image;
    }
    String repository = repository(image);
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (var container : pod.getStatus().getContainerStatuses()) {
        if (!ServiceDeployments.CONTAINER.equals(container.getName())
            || !Boolean.TRUE.equals(container.getReady())
            || !image.equals(container.getImage())
            || container.getImageID() == null) {
          continue;
        }
        String id = container.getImageID();
        int at = id.indexOf("@sha256:");
        if (at >= 0) {
          String reference = repository + id.substring(at);
          if (reference.matches(ValidationPatterns.IMAGE_DIGEST_REFERENCE)) {
            return reference;
          }
        }
      }
    }
    return null;
  }

  /** The repository of an image reference: without tag and digest. */
  static String repository(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
  }
}
