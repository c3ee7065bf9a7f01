package dev.aloft.server.runtime;

/** Bad input, the message starting with the field: INVALID_ARGUMENT. */
public final class InvalidRuntimeRequestException extends RuntimeException {
  public InvalidRuntimeRequestException(String field, String problem) {
    super(field + ": " + problem);
  }
}
