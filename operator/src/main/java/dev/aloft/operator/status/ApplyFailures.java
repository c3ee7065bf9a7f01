package dev.aloft.operator.status;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a condition says when dependents could not be applied: per failed dependent the object (kind
 * and, when the API server named it, its name) and the API server's own reason, e.g. {@code
 * Deployment echo: deployments.apps "echo" is forbidden: exceeded quota: aloft-quota (Forbidden)}.
 */
public final class ApplyFailures {

  /** The condition reason for a dependent that could not be applied. */
  public static final String REASON = "ApplyFailed";

  private ApplyFailures() {}

  /** One line per failed dependent, joined by "; ", in a stable order. */
  @SuppressWarnings("rawtypes")
  public static String describe(Map<DependentResource, Exception> failures) {
    return failures.entrySet().stream()
        .map(e -> describe(e.getKey(), e.getValue()))
        .sorted()
        .collect(Collectors.joining("; "));
  }

  /** The object a dependent manages and why applying it failed. */
  @SuppressWarnings("rawtypes")
  public static String describe(DependentResource dependent, Exception failure) {
    String kind = ((Class<?>) dependent.resourceType()).getSimpleName();
    KubernetesClientException api = apiFailure(failure);
    if (api == null) {
      return kind + ": " + failure.getMessage();
    }
    Status status = api.getStatus();
    String name =
        status != null && status.getDetails() != null ? status.getDetails().getName() : null;
    String message = status != null && status.getMessage() != null ? status.getMessage() : null;
    String reason = status != null && status.getReason() != null ? status.getReason() : null;
    StringBuilder text = new StringBuilder(kind);
    if (name != null) {
      text.append(' ').append(name);
    }
    text.append(": ").append(message != null ? message : api.getMessage());
    if (reason != null) {
      text.append(" (").append(reason).append(')');
    } else if (api.getCode() > 0) {
      text.append(" (HTTP ").append(api.getCode()).append(')');
    }
    return text.toString();
  }

  private static KubernetesClientException apiFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return k;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
