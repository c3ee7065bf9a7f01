package dev.aloft.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A call to the platform (auth, registry, config, store, events) failed, or the service's settings
 * are unusable. The message says what was being done and why it failed in one line; {@link #code()}
 * is the gRPC status the platform answered ({@code INVALID_ARGUMENT} for bad settings).
 */
public final class AloftException extends RuntimeException {

  private final Status.Code code;

  public AloftException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  AloftException(Status.Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * The failure of a platform call, described as "ACTION: CODE: the platform's message", e.g.
   * {@code store read 'k': NOT_FOUND: no record 'k' in table t of database acme}.
   */
  public static AloftException of(String action, StatusRuntimeException failure) {
    Status status = failure.getStatus();
    String description = status.getDescription();
    Throwable cause = status.getCause();
    while (cause != null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null) {
      // e.g. "io exception (Connection refused: /127.0.0.1:8081)"
      description =
          description == null ? cause.getMessage() : description + " (" + cause.getMessage() + ")";
    }
    return new AloftException(
        status.getCode(),
        action + ": " + status.getCode() + (description == null ? "" : ": " + description),
        failure);
  }

  /** The gRPC status code of the failure. */
  public Status.Code code() {
    return code;
  }
}
