package dev.aloft.server.auth;

/** A token that cannot be used; the message says why, in words fit for the caller. */
public final class InvalidTokenException extends Exception {
  public InvalidTokenException(String reason) {
    super(reason);
  }
}
