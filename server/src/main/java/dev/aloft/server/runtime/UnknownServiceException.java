package dev.aloft.server.runtime;

/** The namespace has no service of that name: NOT_FOUND. */
public final class UnknownServiceException extends RuntimeException {
  public UnknownServiceException(String namespace, String name) {
    super("no service '" + name + "' runs in namespace '" + namespace + "'");
  }
}
