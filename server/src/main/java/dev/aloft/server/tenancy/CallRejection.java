package dev.aloft.server.tenancy;

import io.grpc.Status;

/**
 * A call that must not run, with the gRPC status that says why (UNAUTHENTICATED, PERMISSION_DENIED,
 * INVALID_ARGUMENT for a malformed namespace). The gRPC edge closes the call with it; the HTTP
 * gateway maps it to an HTTP status.
 */
public final class CallRejection extends Exception {

  private final transient Status status;

  public CallRejection(Status status) {
    super(status.getDescription(), null, false, false);
    this.status = status;
  }

  public Status status() {
    return status;
  }
}
