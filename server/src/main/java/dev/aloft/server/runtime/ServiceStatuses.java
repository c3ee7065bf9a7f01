package dev.aloft.server.runtime;

import dev.aloft.api.runtime.v1.Status;
import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceStatus;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runtime status of a Service resource, read from what its operator wrote (pure): {@code
 * status.phase} Pending, Building, Starting, Running, Error as {@code pending}, {@code building},
 * {@code starting}, {@code running}, {@code error}, with the messages of the failed conditions as
 * the error (for a failed build, the builder's message and the compiler's output). A resource whose
 * current spec the operator has not reconciled yet ({@code status.observedGeneration} behind {@code
 * metadata.generation}, e.g. just after Create or Update) is {@code pending}, so a status from
 * before an update is never taken for its outcome.
 */
public final class ServiceStatuses {

  private ServiceStatuses() {}

  public static Status status(AloftService resource) {
    AloftServiceStatus status = resource.getStatus();
    if (status == null || status.getPhase() == null || !current(resource)) {
      return Status.PENDING;
    }
    return switch (status.getPhase()) {
      case PENDING -> Status.PENDING;
      case BUILDING -> Status.BUILDING;
      case STARTING -> Status.STARTING;
      case RUNNING -> Status.RUNNING;
      case ERROR -> Status.ERROR;
    };
  }

  /** Whether the status describes the resource's current generation. */
  static boolean current(AloftService resource) {
    Long generation = resource.getMetadata().getGeneration();
    Long observed =
        resource.getStatus() == null ? null : resource.getStatus().getObservedGeneration();
    return generation == null || (observed != null && observed >= generation);
  }

  /**
   * Why the service is in error: the message of each failed condition but Ready (which repeats one
   * of them), one after another; empty in any other status.
   */
  public static String error(AloftService resource) {
    if (status(resource) != Status.ERROR) {
      return "";
    }
    return resource.getStatus().getConditions() == null
        ? ""
        : resource.getStatus().getConditions().stream()
            .filter(c -> c.getStatus() == ConditionStatus.FALSE)
            .filter(c -> !AloftServiceStatus.CONDITION_READY.equals(c.getType()))
            .map(
                c -> c.getType() + ": " + Objects.requireNonNullElse(c.getMessage(), c.getReason()))
            .collect(Collectors.joining("\n"));
  }

  /** Since when the service has been ready, when it is running. */
  static Optional<Instant> readySince(AloftService resource) {
    if (status(resource) != Status.RUNNING) {
      return Optional.empty();
    }
    return ServiceResources.condition(resource, AloftServiceStatus.CONDITION_READY)
        .filter(c -> c.getStatus() == ConditionStatus.TRUE)
        .map(Condition::getLastTransitionTime)
        .flatMap(ServiceResources::parse);
  }

  /**
   * The message of a status log record: the status's name, for an error with the first line of the
   * reason ({@code error: Built: build Job ... failed (build): ...}).
   */
  static String message(Status status, String error) {
    String name = status.name().toLowerCase(java.util.Locale.ROOT);
    if (error.isEmpty()) {
      return name;
    }
    return name + ": " + error.lines().findFirst().orElse("");
  }
}
