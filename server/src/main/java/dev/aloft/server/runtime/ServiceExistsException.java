package dev.aloft.server.runtime;

/** The namespace already has a service (or an account) of that name: ALREADY_EXISTS. */
public final class ServiceExistsException extends RuntimeException {
  public ServiceExistsException(String message) {
    super(message);
  }
}
