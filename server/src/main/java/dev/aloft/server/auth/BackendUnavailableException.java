package dev.aloft.server.auth;

/**
 * A backend of the auth service (an identity provider, a store) cannot be reached or does not
 * answer as it should. The message names the component and its address, in words fit for the
 * caller; calls fail with UNAVAILABLE carrying it, and a server that meets it while starting stops
 * with it.
 */
public class BackendUnavailableException extends RuntimeException {
  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
